package cn.familyaid.withdrawal.messaging;

import cn.familyaid.withdrawal.config.FamilyAidConfig;
import cn.familyaid.withdrawal.metrics.LedgerMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Sends ledger commands to wallet-service over Kafka request-reply ({@link LedgerRequests}; wallet-service/README.md,
 * "Ledger commands"): request topic {@code ledger.commands.withdrawal} keyed by the person whose money moves, replies on
 * {@code ledger.replies.withdrawal}.
 * Commands are idempotent by {@code command_id} at the ledger, so the caller re-sends the stored command after a
 * timeout, a crash or a lost reply and the ledger answers its stored reply: money never moves twice.
 */
@ApplicationScoped
public class LedgerClient {
    private static final Logger LOG = Logger.getLogger(LedgerClient.class);

    @Inject
    LedgerRequests requests;

    @Inject
    ObjectMapper json;

    /** {@code ledger().deadline()}: how long a command's reply is awaited. */
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
        String raw;
        Timer.Sample timing = metrics.start();
        try {
            raw = requests.request(psnNo, body, config.ledger().deadline());
        } catch (TimeoutException | ExecutionException e) {
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
