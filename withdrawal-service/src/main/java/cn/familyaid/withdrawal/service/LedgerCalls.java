package cn.familyaid.withdrawal.service;

import cn.familyaid.withdrawal.domain.LedgerCommand;
import cn.familyaid.withdrawal.domain.LedgerSteps;
import cn.familyaid.withdrawal.domain.LedgerSteps.Answer;
import cn.familyaid.withdrawal.domain.LedgerSteps.Effect;
import cn.familyaid.withdrawal.domain.LedgerSteps.Outcome;
import cn.familyaid.withdrawal.domain.LedgerSteps.State;
import cn.familyaid.withdrawal.domain.LedgerSteps.Step;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.messaging.LedgerClient;
import cn.familyaid.withdrawal.messaging.LedgerCommands;
import cn.familyaid.withdrawal.messaging.LedgerReply;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A withdrawal's ledger calls, made reliable: each command is stored with the application (a {@code ledger_command}
 * row naming it, its exact body, committed in its own transaction) before it is sent; it is sent as stored, and sent
 * again as stored, byte for byte, until the ledger answers (same id, same body: the ledger answers its stored reply
 * and never moves money twice); the reply is journaled; and the answer — ok, refused, rolled back, none — moves the
 * application through {@link LedgerSteps}. Callers hold the application's row lock, so one call of an application
 * runs at a time.
 */
@ApplicationScoped
public class LedgerCalls {
    private static final Logger LOG = Logger.getLogger(LedgerCalls.class);

    @Inject
    LedgerClient ledger;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** A step's call: how the ledger answered, where that moves the application, and the reply (null: none). */
    public record Call(Step step, Answer answer, Outcome outcome, LedgerReply reply) {
        public Effect effect() {
            return outcome.effect();
        }
    }

    /** The command stored under this id, if any (it may have been sent). */
    public LedgerCommand stored(String commandId) {
        return LedgerCommand.findById(commandId);
    }

    /**
     * Stores the command with its application unless one is stored under its id already, in its own committed
     * transaction, and returns the stored one: this one if new, else the first (the one to re-send, identical).
     */
    public LedgerCommand store(UUID withdrawalId, LedgerCommands.Command command) {
        String body;
        try {
            body = json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("INSERT INTO ledger_command (command_id, withdrawal_id, type, body, first_sent_at) "
                            + "VALUES (?1, ?2, ?3, ?4, now()) ON CONFLICT (command_id) DO NOTHING")
                    .setParameter(1, command.commandId()).setParameter(2, withdrawalId)
                    .setParameter(3, command.type()).setParameter(4, body).executeUpdate();
            return LedgerCommand.<LedgerCommand>findById(command.commandId());
        });
    }

    /** Stores the command (or finds the one stored under its id) and sends the stored one: see {@link #resend}. */
    public Call send(Withdrawal w, State from, Step step, LedgerCommands.Command command, boolean payoutSent) {
        return resend(w, from, step, store(w.id, command), payoutSent);
    }

    /**
     * Sends a stored command as stored, journals the reply, and moves the application's state {@code from} by the
     * answer ({@code payoutSent}: see {@link LedgerSteps#answer}). No answer in time is {@link Answer#TIMEOUT}.
     */
    public Call resend(Withdrawal w, State from, Step step, LedgerCommand stored, boolean payoutSent) {
        LedgerReply reply = null;
        Answer answer;
        try {
            LedgerClient.Replied replied = ledger.send(w.psnNo, stored.body);
            journal(stored.commandId, replied.raw());
            reply = replied.reply();
            answer = Answer.of(reply.ok(), reply.code());
        } catch (LedgerClient.LedgerUnavailable e) {
            answer = Answer.TIMEOUT;
        }
        Outcome outcome = LedgerSteps.answer(from, step, answer, payoutSent);
        if (outcome.effect() == Effect.RETRY) {
            LOG.infof("withdrawal %s: %s %s not settled by the ledger now (%s), the same command is sent again later",
                    w.id, step, stored.commandId, answer);
        }
        return new Call(step, answer, outcome, reply);
    }

    private void journal(String commandId, String reply) {
        QuarkusTransaction.requiringNew().run(() -> {
            LedgerCommand c = LedgerCommand.findById(commandId);
            c.reply = reply;
            c.repliedAt = OffsetDateTime.now(ZoneOffset.UTC);
        });
    }
}
