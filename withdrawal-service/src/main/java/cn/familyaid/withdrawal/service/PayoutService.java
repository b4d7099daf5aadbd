package cn.familyaid.withdrawal.service;

import cn.familyaid.withdrawal.domain.InsuredPerson;
import cn.familyaid.withdrawal.domain.LedgerSteps;
import cn.familyaid.withdrawal.domain.LedgerSteps.Effect;
import cn.familyaid.withdrawal.domain.LedgerSteps.Money;
import cn.familyaid.withdrawal.domain.LedgerSteps.State;
import cn.familyaid.withdrawal.domain.LedgerSteps.Step;
import cn.familyaid.withdrawal.domain.Reason;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.messaging.LedgerCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Moves an application's money to its end (R-WD-8), step by step through {@link LedgerSteps}: an APPROVED
 * application is paid out of its hold (PAYOUT, closing the account for a full withdrawal), unless the person has died
 * since (an own withdrawal is then CANCELLED and its hold voided, R-WD-1); a REJECTED one whose hold may have been
 * placed (an approval that went unanswered) has that hold asked again and voided. An answer that settles nothing
 * (none in time, or {@code INTERNAL}: the ledger rolled back and stored nothing) keeps the state, and the same stored
 * command is sent again later; only refusals the ledger stored are final ({@code ledger_error}, an operator's case).
 * Runs under the application's row lock, with command ids derived from the application, so parallel runs, retries
 * and a resume after a crash send the same commands and the ledger pays once.
 */
@ApplicationScoped
@Transactional
public class PayoutService {
    private static final Logger LOG = Logger.getLogger(PayoutService.class);

    @Inject
    LedgerCalls calls;

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

    /** Advances one application as far as the ledger allows now; false when it must be tried again later. */
    public boolean advance(UUID id) {
        Withdrawal w = Withdrawal.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (w == null || w.ledgerError != null) {
            return true;
        }
        State s = State.of(w.status, calls.stored(w.holdCommandId()) != null, w.holdReleased);
        if (s.status() == Withdrawal.Status.APPROVED) {
            return pay(w, s);
        }
        if (s.status() == Withdrawal.Status.REJECTED && !w.holdReleased) {
            return release(w, s);
        }
        return true;
    }

    private boolean pay(Withdrawal w, State s) {
        if (w.reason != Reason.DEATH && deceased(w.psnNo)) {
            LedgerCalls.Call voided = calls.send(w, s, Step.VOID,
                    new LedgerCommands.VoidHold(w.voidCommandId(), w.holdId), calls.stored(w.payoutCommandId()) != null);
            if (voided.effect() != Effect.ASK_PAYOUT) {
                return answered(w, voided, () -> cancel(w));
            }
            // paid before the death was known here: the stored PAYOUT answers how, and it is recorded as it happened
        }
        LedgerCalls.Call paid = calls.send(w, s, Step.PAYOUT,
                new LedgerCommands.Payout(w.payoutCommandId(), w.holdId, w.fullWithdrawal), false);
        return answered(w, paid, () -> paid(w, paid));
    }

    private void paid(Withdrawal w, LedgerCalls.Call paid) {
        w.status = paid.outcome().next().status();
        w.paidFen = paid.reply().paidFen();
        w.accountClosed = paid.reply().closedAccount();
        w.paidAt = WithdrawalService.now();
        w.version++;
        withdrawals.changed(w);
    }

    private static boolean deceased(String psnNo) {
        InsuredPerson p = InsuredPerson.findById(psnNo);
        return p != null && p.deceased();
    }

    /**
     * R-WD-1: the person died after their own withdrawal was approved; the deceased is not paid. The hold was voided
     * (command {@code wd-<id>-void}): the application is CANCELLED (DECEASED) with its hold released, so the whole
     * balance is there for an heir's DEATH withdrawal.
     */
    private void cancel(Withdrawal w) {
        LOG.infof("withdrawal %s not paid: the person died after approval; hold voided, cancelled", w.id);
        w.status = Withdrawal.Status.CANCELLED;
        w.cancelReason = Withdrawal.CANCELLED_DECEASED;
        w.cancelledAt = WithdrawalService.now();
        w.holdReleased = true;
        w.version++;
        withdrawals.releaseBills(w);
        withdrawals.changed(w);
    }

    /**
     * Releases the hold a rejected application may have (its approval went unanswered after the ledger placed it).
     * The stored HOLD is sent again: the ledger answers its stored reply (the hold, or the refusal that placed none),
     * or places it now; a hold is then voided. {@code hold_released} is set only when the ledger has confirmed that no
     * hold is left; an answer that settles nothing is retried later with the same commands, a stored refusal of
     * either is left to an operator ({@code ledger_error}).
     */
    private boolean release(Withdrawal w, State s) {
        if (s.money() == Money.NONE) {
            return released(w); // never asked: the ledger holds nothing for it
        }
        LedgerCalls.Call held = calls.resend(w, s, Step.HOLD, calls.stored(w.holdCommandId()), false);
        if (held.effect() != Effect.MOVED || held.outcome().next().money() != Money.HELD) {
            // moved: the ledger refused (and stored the refusal of) the hold, nothing is held; a stored
            // IDEMPOTENCY_CONFLICT leaves unknown whether a hold exists: an operator's case
            return answered(w, held, () -> released(w));
        }
        LedgerCalls.Call voided = calls.send(w, held.outcome().next(), Step.VOID,
                new LedgerCommands.VoidHold(w.voidCommandId(), held.reply().holdId()), false);
        return answered(w, voided, () -> released(w));
    }

    private static boolean released(Withdrawal w) {
        w.holdReleased = true;
        w.version++;
        return true;
    }

    /**
     * What a call's answer does to the application: moved (applied by {@code moved}), settled nothing (false: the
     * same stored command is sent again later), or refused for good by the ledger: sending it again would get the
     * same refusal, so it is recorded in {@code ledger_error} for an operator and the resumer leaves it.
     */
    private static boolean answered(Withdrawal w, LedgerCalls.Call call, Runnable moved) {
        switch (call.effect()) {
            case MOVED -> moved.run();
            case RETRY -> {
                return false;
            }
            default -> {
                LOG.errorf("withdrawal %s: %s refused by the ledger: %s", w.id, call.step(), call.reply().code());
                w.ledgerError = call.reply().code();
                w.version++;
            }
        }
        return true;
    }
}
