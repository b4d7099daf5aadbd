package cn.familyaid.withdrawal.messaging;

import cn.familyaid.withdrawal.config.FamilyAidConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * commands"): request topic {@code ledger.commands} keyed by the person whose money moves, replies on
 * {@code ledger.replies.withdrawal}.
 * Commands are idempotent by {@code command_id} at the ledger, so the caller may re-send the same body
 * after a timeout, a crash or a lost reply and never move money twice.
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
    cn.familyaid.withdrawal.metrics.LedgerMetrics metrics;

    /** The ledger's answer, or {@link LedgerUnavailable} when none came in time (the command may have run). */
    public LedgerReply send(String psnNo, String body) {
        awaitReplyPartitions();
        // the caller's span is the parent of the command's producer span; wallet-service's spans join that trace
        Message<String> request = Message.of(body)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(psnNo).build())
                .addMetadata(io.smallrye.reactive.messaging.TracingMetadata.withCurrent(
                        io.opentelemetry.context.Context.current()));
        String type = commandType(body);
        String reply;
        io.micrometer.core.instrument.Timer.Sample timing = metrics.start();
        try {
            reply = ledger.request(request).await().atMost(config.ledger().deadline()).getPayload();
        } catch (RuntimeException e) {
            metrics.unanswered(timing, type, e);
            LOG.warnf("ledger command without reply: %s", e.toString());
            throw new LedgerUnavailable(e);
        }
        metrics.replied(timing, type);
        try {
            return new LedgerReply(reply, json.readTree(reply));
        } catch (Exception e) {
            throw new LedgerUnavailable(e);
        }
    }

    private String commandType(String body) {
        try {
            return json.readTree(body).path("type").asText(null);
        } catch (Exception e) {
            return null;
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
     * No reply within the deadline (the outcome is unknown), or a reply saying the ledger could not execute the
     * command now ({@link LedgerReply#retryable()}): retry the same command (same id, same body) later.
     */
    public static class LedgerUnavailable extends RuntimeException {
        public LedgerUnavailable(Throwable cause) {
            super("the ledger did not answer in time", cause);
        }

        public LedgerUnavailable(String message) {
            super(message);
        }
    }

    /** A reply: {@code {command_id, ok, code, message, ...type-specific fields}}. */
    public record LedgerReply(String raw, JsonNode body) {
        public static final String INTERNAL = "INTERNAL";

        public boolean ok() {
            return body.path("ok").asBoolean(false);
        }

        /**
         * A refusal that is not an answer: the ledger rolled the command back and did not store it
         * ({@code INTERNAL}, e.g. a deadlock or a serialization failure), so the same command id executes afresh
         * when sent again. Every other refusal is stored by the ledger and final for that command id.
         */
        public boolean retryable() {
            return !ok() && INTERNAL.equals(code());
        }

        public String code() {
            return body.path("code").asText(null);
        }

        public String message() {
            return body.path("message").asText("");
        }

        public String holdId() {
            JsonNode n = body.get("hold_id");
            return n == null || n.isNull() ? null : n.asText();
        }

        public Long fen(String field) {
            JsonNode n = body.get(field);
            return n == null || n.isNull() ? null : n.asLong();
        }

        public boolean flag(String field) {
            return body.path(field).asBoolean(false);
        }
    }
}
