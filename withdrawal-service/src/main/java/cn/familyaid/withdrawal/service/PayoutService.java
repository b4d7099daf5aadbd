package cn.familyaid.withdrawal.service;

import cn.familyaid.withdrawal.domain.InsuredPerson;
import cn.familyaid.withdrawal.domain.LedgerCommand;
import cn.familyaid.withdrawal.domain.Reason;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.messaging.LedgerClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Moves an application's money to its end (R-WD-8): an APPROVED application is paid out of its hold
 * (PAYOUT, closing the account for a full withdrawal), unless the person has died since (an own withdrawal is
 * then CANCELLED and its hold voided, R-WD-1); a REJECTED one whose hold may have been placed (an approval that
 * timed out) has that hold voided. A reply {@code INTERNAL} (the ledger rolled back and stored nothing) is
 * transient like a timeout: the same command is re-sent later; only refusals the ledger stored are final.
 * Runs under the application's row lock, with command ids derived from the application, so parallel runs,
 * retries and a resume after a crash send the same commands and the ledger pays once.
 */
@ApplicationScoped
@Transactional
public class PayoutService {
    private static final Logger LOG = Logger.getLogger(PayoutService.class);

    @Inject
    LedgerClient ledger;

    @Inject
    LedgerCommands commands;

    @Inject
    WithdrawalService withdrawals;

    @Inject
    EntityManager em;

    /** Ids of applications with money still to move (skipping rows another replica works on). */
    @SuppressWarnings("unchecked")
    public List<UUID> unfinished(int limit) {
        return em.createNativeQuery("SELECT id FROM withdrawal WHERE ledger_error IS NULL AND (status = 'APPROVED' "
                + "OR (status = 'REJECTED' AND NOT hold_released)) ORDER BY submitted_at LIMIT " + limit
                + " FOR UPDATE SKIP LOCKED", UUID.class).getResultList();
    }

    /** Advances one application as far as the ledger allows now; false when it must be retried later. */
    public boolean advance(UUID id) {
        Withdrawal w = Withdrawal.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (w == null) {
            return true;
        }
        try {
            if (w.status == Withdrawal.Status.APPROVED && w.ledgerError == null) {
                pay(w);
            } else if (w.status == Withdrawal.Status.REJECTED && !w.holdReleased && w.ledgerError == null) {
                release(w);
            }
            return true;
        } catch (LedgerClient.LedgerUnavailable e) {
            // no answer, or INTERNAL (rolled back, not stored): the same command (same id, same body) is re-sent
            // later by the resumer; the ledger runs it once
            LOG.infof("withdrawal %s: the ledger did not settle its command now, retried later: %s", w.id,
                    e.getMessage());
            return false;
        }
    }

    private void pay(Withdrawal w) {
        if (w.reason != Reason.DEATH && deceased(w.psnNo) && stopForDeath(w)) {
            return;
        }
        Map<String, Object> payout = new LinkedHashMap<>();
        payout.put("command_id", w.payoutCommandId());
        payout.put("type", "PAYOUT");
        payout.put("hold_id", w.holdId);
        payout.put("close_account", w.fullWithdrawal);
        String body = commands.record(w.payoutCommandId(), w.id, "PAYOUT", payout);
        LedgerClient.LedgerReply reply = send(w, w.payoutCommandId(), body);
        if (!reply.ok()) {
            // a definitive refusal is stored by the ledger: retrying would get it again; an operator must look at it
            LOG.errorf("payout of withdrawal %s refused by the ledger: %s", w.id, reply.code());
            w.ledgerError = reply.code();
            w.version++;
            return;
        }
        w.status = Withdrawal.Status.PAID;
        w.paidFen = reply.fen("paid_fen");
        w.accountClosed = reply.flag("account_closed");
        w.paidAt = WithdrawalService.now();
        w.version++;
        withdrawals.changed(w);
    }

    private static boolean deceased(String psnNo) {
        InsuredPerson p = InsuredPerson.findById(psnNo);
        return p != null && p.deceased();
    }

    /**
     * R-WD-1: the person died after their own withdrawal was approved; the deceased is not paid. The hold is voided
     * (command {@code wd-<id>-void}), then the application is CANCELLED (DECEASED) with its hold released, so the
     * whole balance is there for an heir's DEATH withdrawal. If the hold is no longer pending, the PAYOUT sent
     * before the death was recorded has gone through: false, and the journaled PAYOUT is re-sent to learn its
     * (stored) outcome. Transient failures keep the application APPROVED and are retried with the same command.
     */
    private boolean stopForDeath(Withdrawal w) {
        Map<String, Object> voidHold = new LinkedHashMap<>();
        voidHold.put("command_id", w.voidCommandId());
        voidHold.put("type", "VOID_HOLD");
        voidHold.put("hold_id", w.holdId);
        String body = commands.record(w.voidCommandId(), w.id, "VOID_HOLD", voidHold);
        LedgerClient.LedgerReply voided = send(w, w.voidCommandId(), body);
        if (voided.ok()) {
            LOG.infof("withdrawal %s not paid: the person died after approval; hold voided, cancelled", w.id);
            w.status = Withdrawal.Status.CANCELLED;
            w.cancelReason = Withdrawal.CANCELLED_DECEASED;
            w.cancelledAt = WithdrawalService.now();
            w.holdReleased = true;
            w.version++;
            withdrawals.releaseBills(w);
            withdrawals.changed(w);
            return true;
        }
        if ("HOLD_NOT_PENDING".equals(voided.code()) && commands.find(w.payoutCommandId()) != null) {
            return false; // paid before the death was known here: record the payout as it happened
        }
        LOG.errorf("withdrawal %s of a deceased person: void of its hold refused: %s", w.id, voided.code());
        w.ledgerError = voided.code();
        w.version++;
        return true;
    }

    /**
     * Releases the hold a rejected application may have (its approval timed out after the ledger placed it). The
     * hold is asked again with the journaled HOLD command: the ledger answers its stored reply (the hold, or the
     * refusal that placed none), or places it now. It is then voided. {@code hold_released} is set only when the
     * ledger has confirmed that no hold is left; a transient failure of either command is retried later with the
     * same command ids, a definitive refusal of the void is left to an operator ({@code ledger_error}).
     */
    private void release(Withdrawal w) {
        LedgerCommand hold = commands.find(w.holdCommandId());
        if (hold == null) {
            w.holdReleased = true; // never sent: the ledger holds nothing for it
            w.version++;
            return;
        }
        LedgerClient.LedgerReply held = send(w, w.holdCommandId(), hold.body);
        if (held.ok()) {
            Map<String, Object> voidHold = new LinkedHashMap<>();
            voidHold.put("command_id", w.voidCommandId());
            voidHold.put("type", "VOID_HOLD");
            voidHold.put("hold_id", held.holdId());
            String body = commands.record(w.voidCommandId(), w.id, "VOID_HOLD", voidHold);
            LedgerClient.LedgerReply voided = send(w, w.voidCommandId(), body);
            if (!voided.ok() && !"HOLD_NOT_PENDING".equals(voided.code()) && !"HOLD_EXPIRED".equals(voided.code())) {
                LOG.errorf("void of the hold of rejected withdrawal %s refused: %s", w.id, voided.code());
                w.ledgerError = voided.code();
                w.version++;
                return;
            }
        } else if ("IDEMPOTENCY_CONFLICT".equals(held.code())) {
            // the ledger knows this command id with another body: whether a hold exists is unknown
            LOG.errorf("hold of rejected withdrawal %s cannot be asked again: %s", w.id, held.code());
            w.ledgerError = held.code();
            w.version++;
            return;
        }
        // voided, or the ledger refused (and stored the refusal of) the hold: nothing is held any more
        w.holdReleased = true;
        w.version++;
    }

    /**
     * Sends a journaled command and journals the reply. A reply saying the ledger could not execute the command
     * now ({@code INTERNAL}: rolled back, not stored) is not an answer: {@link LedgerClient.LedgerUnavailable}, so
     * the caller keeps its state and the same command is re-sent later.
     */
    private LedgerClient.LedgerReply send(Withdrawal w, String commandId, String body) {
        LedgerClient.LedgerReply reply = ledger.send(w.psnNo, body);
        commands.reply(commandId, reply.raw());
        if (reply.retryable()) {
            throw new LedgerClient.LedgerUnavailable("command " + commandId + " not executed by the ledger ("
                    + reply.code() + "), retried later");
        }
        return reply;
    }
}
