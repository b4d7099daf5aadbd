package cn.familyaid.withdrawal.service;

import cn.familyaid.withdrawal.domain.LedgerCommand;
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
 * (PAYOUT, closing the account for a full withdrawal); a REJECTED one whose hold may have been placed
 * (an approval that timed out) has that hold voided. Runs under the application's row lock, with command
 * ids derived from the application, so parallel runs, retries and a resume after a crash send the same
 * commands and the ledger pays once.
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
        return em.createNativeQuery("SELECT id FROM withdrawal WHERE (status = 'APPROVED' AND ledger_error IS NULL) "
                + "OR (status = 'REJECTED' AND NOT hold_released) ORDER BY submitted_at LIMIT " + limit
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
            } else if (w.status == Withdrawal.Status.REJECTED && !w.holdReleased) {
                release(w);
            }
            return true;
        } catch (LedgerClient.LedgerUnavailable e) {
            return false; // the same command is re-sent later (resumer); the ledger runs it once
        }
    }

    private void pay(Withdrawal w) {
        Map<String, Object> payout = new LinkedHashMap<>();
        payout.put("command_id", w.payoutCommandId());
        payout.put("type", "PAYOUT");
        payout.put("hold_id", w.holdId);
        payout.put("close_account", w.fullWithdrawal);
        String body = commands.record(w.payoutCommandId(), w.id, "PAYOUT", payout);
        LedgerClient.LedgerReply reply = ledger.send(w.psnNo, body);
        commands.reply(w.payoutCommandId(), reply.raw());
        if (!reply.ok()) {
            // a refusal is stored by the ledger: retrying would get it again; an operator must look at it
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

    private void release(Withdrawal w) {
        LedgerCommand hold = commands.find(w.holdCommandId());
        if (hold == null) {
            w.holdReleased = true;
            return;
        }
        // ask the same hold again: its stored reply names the hold, or no hold was ever placed
        LedgerClient.LedgerReply held = ledger.send(w.psnNo, hold.body);
        commands.reply(w.holdCommandId(), held.raw());
        if (held.ok()) {
            Map<String, Object> voidHold = new LinkedHashMap<>();
            voidHold.put("command_id", w.voidCommandId());
            voidHold.put("type", "VOID_HOLD");
            voidHold.put("hold_id", held.holdId());
            String body = commands.record(w.voidCommandId(), w.id, "VOID_HOLD", voidHold);
            LedgerClient.LedgerReply voided = ledger.send(w.psnNo, body);
            commands.reply(w.voidCommandId(), voided.raw());
            if (!voided.ok() && !"HOLD_NOT_PENDING".equals(voided.code())) {
                LOG.errorf("void of the hold of rejected withdrawal %s refused: %s", w.id, voided.code());
                w.ledgerError = voided.code();
            }
        }
        w.holdReleased = true;
        w.version++;
    }
}
