package cn.familyaid.withdrawal.service;

import cn.familyaid.withdrawal.domain.LedgerCommand;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * The journal of ledger commands. A command is recorded, in its own committed transaction, before it is
 * sent: after a crash or a timeout we know a command may have run and re-send exactly the recorded body
 * (same command_id, same content: the ledger answers as the first time, never moves money twice).
 */
@ApplicationScoped
public class LedgerCommands {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** Records the command unless already recorded; returns the body to send (the first one recorded). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String record(String commandId, UUID withdrawalId, String type, Map<String, Object> command) {
        String body;
        try {
            // the ledger refuses a command that names another requester than the topic it arrives on
            Map<String, Object> named = new java.util.LinkedHashMap<>(command);
            named.put("requester", "withdrawal-service");
            body = json.writeValueAsString(named);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        em.createNativeQuery("INSERT INTO ledger_command (command_id, withdrawal_id, type, body, first_sent_at) "
                        + "VALUES (?1, ?2, ?3, ?4, now()) ON CONFLICT (command_id) DO NOTHING")
                .setParameter(1, commandId).setParameter(2, withdrawalId).setParameter(3, type)
                .setParameter(4, body).executeUpdate();
        return ((LedgerCommand) LedgerCommand.findById(commandId)).body;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void reply(String commandId, String reply) {
        LedgerCommand c = LedgerCommand.findById(commandId);
        c.reply = reply;
        c.repliedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LedgerCommand find(String commandId) {
        return LedgerCommand.findById(commandId);
    }
}
