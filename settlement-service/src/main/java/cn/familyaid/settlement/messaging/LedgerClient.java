package cn.familyaid.settlement.messaging;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.metrics.LedgerMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Ledger commands to wallet-service over Kafka request-reply ({@link LedgerRequests}; topic {@code ledger.commands.settlement}, which only this service may write; replies on
 * {@code ledger.replies.settlement}), each with a deadline. Command ids are deterministic per settlement
 * step, so re-sending a command after a lost reply gets the ledger's stored answer, never a second effect.
 */
@ApplicationScoped
public class LedgerClient {

    @Inject
    LedgerRequests requests;

    @Inject
    ObjectMapper json;

    @Inject
    FamilyAidConfig config;

    @Inject
    LedgerMetrics metrics;

    /** {@code familyaid.ledger.deadline}: the deadline of every ledger command. */
    public Duration deadline() {
        return config.ledger().deadline();
    }

    /** Institution as the ledger sees it. */
    public record InstitutionRef(String fixmedinsCode, String fixmedinsType, String admdvs, boolean walletEnabled) {
    }

    /** The HOLD_FOR_PLAN command as sent (kept by the caller so it can be re-sent identically). */
    public String holdForPlan(String commandId, String beneficiaryPsnNo, long amountFen, boolean useAccount,
                              boolean useFamily, boolean walletAdmdvsOk, InstitutionRef inst, String reference,
                              int expiresInSeconds) {
        return write(new LedgerCommands.HoldForPlan(commandId, null, null, beneficiaryPsnNo, amountFen, useAccount,
                useFamily, walletAdmdvsOk, institution(inst), reference, expiresInSeconds));
    }

    /**
     * The SETTLE command as sent (kept, to be re-sent identically): a one-shot settlement the ledger allocates and
     * posts in one transaction, refused by the ledger if it arrives after {@code notAfter} (this service has given
     * up on it by then). Re-sending it after a lost reply settles it for good: the ledger answers the stored POSTED
     * (then it is refunded) or, past the deadline, stores and answers DEADLINE_PASSED, after which it never posts.
     */
    public String settle(String commandId, String beneficiaryPsnNo, long amountFen, boolean useAccount, boolean useFamily,
                         boolean walletAdmdvsOk, InstitutionRef inst, String reference, OffsetDateTime notAfter) {
        return write(new LedgerCommands.Settle(commandId, null, null, beneficiaryPsnNo, amountFen, useAccount, useFamily,
                walletAdmdvsOk, institution(inst), reference, notAfter.toString()));
    }

    /** The deadline of a kept command (SETTLE), if it has one. */
    public Optional<OffsetDateTime> notAfter(String commandJson) {
        try {
            JsonNode n = json.readTree(commandJson).get("not_after");
            return n == null || !n.isTextual() ? Optional.empty()
                    : Optional.of(OffsetDateTime.parse(n.asText()));
        } catch (JsonProcessingException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static LedgerCommands.Institution institution(InstitutionRef inst) {
        return new LedgerCommands.Institution(inst.fixmedinsCode(), inst.fixmedinsType(), inst.admdvs(),
                inst.walletEnabled());
    }

    /** Sends a command kept as JSON (key: the psn_no whose money moves). */
    public LedgerReply send(String key, String commandJson) throws LedgerUnavailable {
        // sent as kept, byte for byte: the ledger hashes its canonical form, so a re-send is the same command
        try {
            JsonNode c = json.readTree(commandJson);
            return call(key, commandJson, c.path("command_id").asText(null), c.path("type").asText(null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public LedgerReply postHold(String commandId, String psnNo, String holdId) throws LedgerUnavailable {
        return onHold(commandId, "POST_HOLD", psnNo, holdId);
    }

    public LedgerReply voidHold(String commandId, String psnNo, String holdId) throws LedgerUnavailable {
        return onHold(commandId, "VOID_HOLD", psnNo, holdId);
    }

    public LedgerReply refundHold(String commandId, String psnNo, String holdId) throws LedgerUnavailable {
        return onHold(commandId, "REFUND_HOLD", psnNo, holdId);
    }

    private LedgerReply onHold(String commandId, String type, String psnNo, String holdId) throws LedgerUnavailable {
        LedgerCommands.OnHold c = new LedgerCommands.OnHold(commandId, type, null, holdId);
        return call(psnNo, write(c), commandId, type);
    }

    private String write(Object command) {
        try {
            return json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private LedgerReply call(String key, String body, String commandId, String type) throws LedgerUnavailable {
        String reply;
        Timer.Sample timing = metrics.start();
        try {
            reply = requests.request(key, body, deadline());
        } catch (TimeoutException | ExecutionException e) {
            metrics.unanswered(timing, type, e);
            throw new LedgerUnavailable("ledger did not answer " + type + " within " + deadline(), e);
        }
        metrics.replied(timing, type);
        try {
            LedgerReply r = json.readValue(reply, LedgerReply.class);
            if (r.commandId() != null && !r.commandId().equals(commandId)) {
                throw new IllegalStateException("ledger answered another command");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ledger reply is not valid JSON", e);
        }
    }
}
