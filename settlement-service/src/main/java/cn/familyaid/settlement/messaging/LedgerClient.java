package cn.familyaid.settlement.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ledger commands to wallet-service over Kafka request-reply (topic {@code ledger.commands.settlement}, which only this service may write; replies on
 * {@code ledger.replies.settlement}), each with a deadline. Command ids are deterministic per settlement
 * step, so re-sending a command after a lost reply gets the ledger's stored answer, never a second effect.
 */
@ApplicationScoped
public class LedgerClient {

    @Inject
    @Channel("ledger")
    KafkaRequestReply<String, String> ledger;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "familyaid.ledger.deadline", defaultValue = "3s")
    Duration deadline;

    public Duration deadline() {
        return deadline;
    }

    /** Institution as the ledger sees it. */
    public record InstitutionRef(String fixmedinsCode, String fixmedinsType, String admdvs, boolean walletEnabled) {
    }

    /** The HOLD_FOR_PLAN command as sent (kept by the caller so it can be re-sent identically). */
    public String holdForPlan(String commandId, String beneficiaryPsnNo, long amountFen, boolean useAccount,
                              boolean useFamily, boolean walletAdmdvsOk, InstitutionRef inst, String reference,
                              int expiresInSeconds) {
        Map<String, Object> c = command(commandId, "HOLD_FOR_PLAN");
        c.put("beneficiary_psn_no", beneficiaryPsnNo);
        c.put("amount_fen", amountFen);
        c.put("use_account", useAccount);
        c.put("use_family", useFamily);
        c.put("wallet_admdvs_ok", walletAdmdvsOk);
        c.put("institution", institution(inst));
        c.put("reference", reference);
        c.put("expires_in_seconds", expiresInSeconds);
        return write(c);
    }

    /**
     * The SETTLE command as sent (kept, to be re-sent identically): a one-shot settlement the ledger allocates and
     * posts in one transaction, refused by the ledger if it arrives after {@code notAfter} (this service has given
     * up on it by then). Re-sending it after a lost reply settles it for good: the ledger answers the stored POSTED
     * (then it is refunded) or, past the deadline, stores and answers DEADLINE_PASSED, after which it never posts.
     */
    public String settle(String commandId, String beneficiaryPsnNo, long amountFen, boolean useAccount, boolean useFamily,
                         boolean walletAdmdvsOk, InstitutionRef inst, String reference, java.time.OffsetDateTime notAfter) {
        Map<String, Object> c = command(commandId, "SETTLE");
        c.put("beneficiary_psn_no", beneficiaryPsnNo);
        c.put("amount_fen", amountFen);
        c.put("use_account", useAccount);
        c.put("use_family", useFamily);
        c.put("wallet_admdvs_ok", walletAdmdvsOk);
        c.put("institution", institution(inst));
        c.put("reference", reference);
        c.put("not_after", notAfter.toString());
        return write(c);
    }

    /** The deadline of a kept command (SETTLE), if it has one. */
    public java.util.Optional<java.time.OffsetDateTime> notAfter(String commandJson) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = json.readTree(commandJson).get("not_after");
            return n == null || !n.isTextual() ? java.util.Optional.empty()
                    : java.util.Optional.of(java.time.OffsetDateTime.parse(n.asText()));
        } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static Map<String, Object> institution(InstitutionRef inst) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("fixmedins_code", inst.fixmedinsCode());
        i.put("fixmedins_type", inst.fixmedinsType());
        i.put("admdvs", inst.admdvs());
        i.put("wallet_enabled", inst.walletEnabled());
        return i;
    }

    /** Sends a command kept as JSON (key: the psn_no whose money moves). */
    public LedgerReply send(String key, String commandJson) throws LedgerUnavailable {
        // sent as kept, byte for byte: the ledger hashes its canonical form, so a re-send is the same command
        try {
            com.fasterxml.jackson.databind.JsonNode c = json.readTree(commandJson);
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
        Map<String, Object> c = command(commandId, type);
        c.put("hold_id", holdId);
        return call(psnNo, c);
    }

    private static Map<String, Object> command(String commandId, String type) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command_id", commandId);
        c.put("type", type);
        // the ledger refuses a command that names another requester than the topic it arrives on
        c.put("requester", "settlement-service");
        return c;
    }

    private String write(Map<String, Object> command) {
        try {
            return json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private LedgerReply call(String key, Map<String, Object> command) throws LedgerUnavailable {
        return call(key, write(command), (String) command.get("command_id"), (String) command.get("type"));
    }

    private LedgerReply call(String key, String body, String commandId, String type) throws LedgerUnavailable {
        Message<String> request = Message.of(body)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        String reply;
        try {
            reply = ledger.request(request).map(Message::getPayload).await().atMost(deadline);
        } catch (RuntimeException e) {
            throw new LedgerUnavailable("ledger did not answer " + type + " within " + deadline, e);
        }
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
