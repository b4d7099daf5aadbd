package cn.familyaid.settlement.messaging;

import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kafka request-reply for ledger commands (README "Ledger commands"): each command goes to this service's command topic
 * with the headers {@code REPLY_TOPIC} (this service's reply topic) and {@code REPLY_CORRELATION_ID}; wallet-service
 * answers on the reply topic echoing the correlation id, and every instance reads every reply (its own consumer group,
 * from the latest offset) and takes those of its own requests.
 *
 * <p><b>The reply is registered before the command is sent.</b> Why not SmallRye's {@code KafkaRequestReply} (which this
 * class replaces, on the same topics, headers and groups): in 4.33 it registers a request's pending reply only once the
 * broker's acknowledgement of the command has come back through the producer. A ledger that answers faster than that
 * acknowledgement travels has its reply dropped (logged at DEBUG) and the request waits out its whole deadline. On the
 * benchmark about one settlement in 500 answered 503 after 3 s while wallet-service had posted it and answered in under
 * a second (its own log says so); {@code LedgerRequestsTest} delays the acknowledgement and shows the difference.
 */
@ApplicationScoped
public class LedgerRequests {
    private static final Logger LOG = Logger.getLogger(LedgerRequests.class);
    /** The header names the ledger reads and echoes (those of SmallRye's Kafka request-reply). */
    public static final String REPLY_TOPIC = "REPLY_TOPIC";
    public static final String REPLY_CORRELATION_ID = "REPLY_CORRELATION_ID";

    @Inject
    @Channel("ledger")
    MutinyEmitter<String> commands;

    @ConfigProperty(name = "mp.messaging.incoming.ledger-replies.topic")
    String replyTopic;

    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    /** Completed once this instance's reply consumer has its partitions and knows where it reads from. */
    private final CompletableFuture<Void> listening = new CompletableFuture<>();

    /**
     * Sends {@code body} keyed by {@code key} and waits at most {@code deadline} for its reply (the wait for the reply
     * consumer's first assignment, at start, included).
     *
     * @throws TimeoutException no reply within the deadline
     * @throws ExecutionException the command could not be sent
     */
    public String request(String key, String body, Duration deadline) throws TimeoutException, ExecutionException {
        long until = System.nanoTime() + deadline.toNanos();
        try {
            listening.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            String correlationId = UUID.randomUUID().toString();
            CompletableFuture<String> reply = new CompletableFuture<>();
            pending.put(correlationId, reply);
            try {
                RecordHeaders headers = new RecordHeaders();
                headers.add(REPLY_CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
                headers.add(REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
                // the caller's span (the REST request, the resolver's job) is the parent of the command's producer span
                Message<String> command = Message.of(body)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers)
                                .build())
                        .addMetadata(TracingMetadata.withCurrent(Context.current()));
                commands.sendMessage(command).subscribe().with(sent -> {
                }, reply::completeExceptionally);
                return reply.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } finally {
                pending.remove(correlationId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while waiting for the ledger");
        }
    }

    /** A reply: completes the request it answers; one for another instance, or after its deadline, is not ours. */
    @Incoming("ledger-replies")
    void reply(ConsumerRecord<String, String> record) {
        Header correlation = record.headers().lastHeader(REPLY_CORRELATION_ID);
        if (correlation == null || record.headers().lastHeader(REPLY_TOPIC) != null) {
            return; // not a reply
        }
        CompletableFuture<String> waiting = pending.get(new String(correlation.value(), StandardCharsets.UTF_8));
        if (waiting != null) {
            waiting.complete(record.value());
        } else {
            LOG.debugf("ledger reply at %s-%d@%d answers no request of this instance", record.topic(),
                    record.partition(), record.offset());
        }
    }

    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // resolve "latest" now, on the polling thread: a reply written after this point is read
        partitions.forEach(consumer::position);
        if (!partitions.isEmpty() && listening.complete(null)) {
            LOG.debugf("ledger replies: listening on %s", partitions);
        }
    }

    /** The reply consumer's rebalance listener ({@code consumer-rebalance-listener.name=ledger-replies}). */
    @ApplicationScoped
    @Identifier("ledger-replies")
    static class Assignment implements KafkaConsumerRebalanceListener {
        @Inject
        LedgerRequests requests;

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            requests.assigned(consumer, partitions);
        }
    }
}
