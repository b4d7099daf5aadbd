package cn.familyaid.withdrawal.messaging;

import cn.familyaid.withdrawal.config.FamilyAidConfig;
import cn.familyaid.withdrawal.metrics.LedgerMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Sends ledger commands to wallet-service over Kafka request-reply (wallet-service/README.md, "Ledger
 * commands"): request topic {@code ledger.commands.withdrawal} keyed by the person whose money moves, replies on
 * {@code ledger.replies.withdrawal}.
 * Commands are idempotent by {@code command_id} at the ledger, so the caller re-sends the stored command after a
 * timeout, a crash or a lost reply and the ledger answers its stored reply: money never moves twice.
 */
@ApplicationScoped
public class LedgerClient {
    private static final Logger LOG = Logger.getLogger(LedgerClient.class);

    @Inject
    @Channel("ledger")
    KafkaRequestReply<String, String> ledger;

    @Inject
    ObjectMapper json;

    /** {@code ledger().deadline()}: a hard stop above the channel's {@code reply.timeout}, in case the send hangs. */
    @Inject
    FamilyAidConfig config;

    @Inject
    LedgerMetrics metrics;

    /** A reply as the ledger wrote it (journaled as is) and as read. */
    public record Replied(String raw, LedgerReply reply) {
    }

    /**
     * Sends a command as stored, byte for byte, and returns the ledger's answer to it; {@link LedgerUnavailable} when
     * none came in time (the command may have run), or what came was not an answer to it.
     */
    public Replied send(String psnNo, String body) {
        JsonNode command = read(body);
        String commandId = command.path("command_id").asText(null);
        String type = command.path("type").asText(null);
        awaitReplyPartitions();
        // the caller's span is the parent of the command's producer span; wallet-service's spans join that trace
        Message<String> request = Message.of(body)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(psnNo).build())
                .addMetadata(TracingMetadata.withCurrent(Context.current()));
        String raw;
        Timer.Sample timing = metrics.start();
        try {
            raw = ledger.request(request).await().atMost(config.ledger().deadline()).getPayload();
        } catch (RuntimeException e) {
            metrics.unanswered(timing, type, e);
            LOG.warnf("ledger command %s without reply: %s", commandId, e.toString());
            throw new LedgerUnavailable(e);
        }
        metrics.replied(timing, type);
        LedgerReply reply;
        try {
            reply = json.readValue(raw, LedgerReply.class);
        } catch (JsonProcessingException e) {
            throw new LedgerUnavailable(e);
        }
        if (reply.commandId() != null && !reply.commandId().equals(commandId)) {
            throw new LedgerUnavailable("the ledger answered " + reply.commandId() + " to command " + commandId);
        }
        return new Replied(raw, reply);
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ledger command is not JSON", e);
        }
    }

    private volatile boolean assigned;

    /** Before the first request: a reply consumer reading from "latest" must own its partitions first. */
    private void awaitReplyPartitions() {
        if (assigned) {
            return;
        }
        try {
            ledger.waitForAssignments().await().atMost(Duration.ofSeconds(15));
            assigned = true;
        } catch (RuntimeException e) {
            LOG.warnf("reply partitions not assigned yet: %s", e.toString());
        }
    }

    /**
     * No reply within the deadline (the outcome is unknown), or none that answers the command: send the same
     * stored command (same id, same body) again later.
     */
    public static class LedgerUnavailable extends RuntimeException {
        public LedgerUnavailable(Throwable cause) {
            super("the ledger did not answer in time", cause);
        }

        public LedgerUnavailable(String message) {
            super(message);
        }
    }
}
