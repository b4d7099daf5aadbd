package cn.familyaid.wallet.messaging;

import cn.familyaid.wallet.metrics.LedgerCommandMetrics;
import cn.familyaid.wallet.service.LedgerCommandService;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The replier side of SmallRye Kafka request-reply: consumes each requester's command topic
 * ({@code ledger.commands.settlement}, {@code ledger.commands.withdrawal}; see {@link Requester}), executes each
 * command the requester may send idempotently, and answers on the requester's own reply topic (and the partition)
 * named by the request's {@code REPLY_TOPIC} /
 * {@code REPLY_PARTITION} headers, echoing {@code REPLY_CORRELATION_ID}. The reply is sent and acknowledged
 * by the broker before the request's offset is committed; a lost reply is re-sent identically on redelivery
 * (the reply is stored with the command id).
 */
@ApplicationScoped
public class LedgerCommandResponder {
    private static final Logger LOG = Logger.getLogger(LedgerCommandResponder.class);
    /** Commands answered later than this after they were written are logged with where the time went. */
    static final long SLOW_MS = 1000;

    @Inject
    LedgerCommandService commands;

    @Inject
    @Channel("ledger-replies")
    MutinyEmitter<String> replies;

    @Inject
    LedgerCommandMetrics metrics;

    @Incoming("ledger-commands")
    @Blocking(ordered = false)
    public void consume(ConsumerRecord<String, String> request) {
        Optional<Requester> requester = Requester.byTopic(request.topic());
        if (requester.isEmpty()) {
            commands.refused("unknown", null, null, "a command on " + request.topic() + ", no requester's topic");
            return;
        }
        Header topicHeader = request.headers().lastHeader(KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER);
        String replyTopic = topicHeader == null ? null : new String(topicHeader.value(), StandardCharsets.UTF_8);
        if (replyTopic != null && !requester.get().replyTopic.equals(replyTopic)) {
            // the answer would go where the requester can't read it, or to another requester: not executed
            commands.refused(requester.get().principal, null, null,
                    "reply topic " + replyTopic + " is not " + requester.get().replyTopic);
            return;
        }
        long started = System.nanoTime();
        String reply = commands.handle(requester.get(), request.value());
        long executed = System.nanoTime();
        metrics.replied(requester.get(), reply);
        if (replyTopic == null) {
            LOG.warnf("ledger command at %s-%d@%d has no %s header: executed, no one to answer", request.topic(),
                    request.partition(), request.offset(), KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER);
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        Header correlation = request.headers().lastHeader(KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER);
        if (correlation != null) {
            headers.add(new RecordHeader(correlation.key(), correlation.value()));
        }
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> meta =
                OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(replyTopic)
                        .withKey(request.key())
                        .withHeaders(headers);
        Header partition = request.headers().lastHeader(KafkaRequestReply.DEFAULT_REPLY_PARTITION_HEADER);
        if (partition != null) {
            meta.withPartition(KafkaRequestReply.replyPartitionFromBytes(partition.value()));
        }
        // the reply's producer span is a child of this command's consumer span (the connector made it current for
        // this method): the requester's trace runs on through the ledger and back
        replies.sendMessage(Message.of(reply).addMetadata(meta.build())
                        .addMetadata(TracingMetadata.withCurrent(Context.current())))
                .await().atMost(Duration.ofSeconds(30));
        slow(request, started, executed, System.nanoTime());
    }

    /** A command whose answer left later than {@link #SLOW_MS} after it was written: where the time went. */
    private static void slow(ConsumerRecord<String, String> request, long started, long executed, long replied) {
        long queuedMs = Math.max(0, System.currentTimeMillis() - request.timestamp()
                - (replied - started) / 1_000_000);
        long totalMs = queuedMs + (replied - started) / 1_000_000;
        if (totalMs >= SLOW_MS) {
            // the command id and where it waited only: no personal data
            LOG.warnf("slow ledger command at %s-%d@%d: %d ms from written to answered (%d ms before its handler, "
                            + "%d ms executing, %d ms sending the reply)", request.topic(), request.partition(),
                    request.offset(), totalMs, queuedMs, (executed - started) / 1_000_000,
                    (replied - executed) / 1_000_000);
        }
    }
}
