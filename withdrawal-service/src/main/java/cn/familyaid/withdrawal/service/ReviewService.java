package cn.familyaid.withdrawal.service;

import cn.familyaid.withdrawal.domain.ClosedAccount;
import cn.familyaid.withdrawal.domain.DishonestyEntry;
import cn.familyaid.withdrawal.domain.InsuredPerson;
import cn.familyaid.withdrawal.domain.Kinship;
import cn.familyaid.withdrawal.domain.LedgerSteps;
import cn.familyaid.withdrawal.domain.LedgerSteps.Answer;
import cn.familyaid.withdrawal.domain.LedgerSteps.State;
import cn.familyaid.withdrawal.domain.LedgerSteps.Step;
import cn.familyaid.withdrawal.domain.Money;
import cn.familyaid.withdrawal.domain.Reason;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.messaging.LedgerCommands;
import cn.familyaid.withdrawal.messaging.LedgerReply;
import cn.familyaid.withdrawal.problem.RuleViolation;
import cn.familyaid.withdrawal.rest.DecisionRequest;
import cn.familyaid.withdrawal.security.Requester;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.util.UUID;

/**
 * Review of an application by the agency of the person's region (R-WD-7). The application row is locked for
 * the whole decision, so parallel decisions on one application are taken one after the other and the
 * later ones see the first one's outcome. APPROVE holds the money in the ledger before it commits
 * (R-WD-10: from approval the amount cannot be spent, transferred or shared), its HOLD stored before it is sent and
 * its answer moving the application through {@link LedgerSteps}; the payout follows in {@link PayoutService}.
 * FORGED lists the applicant (R-WD-9).
 */
@ApplicationScoped
@Transactional
public class ReviewService {

    @Inject
    LedgerCalls calls;

    @Inject
    WithdrawalService withdrawals;

    public void decide(UUID id, DecisionRequest d, Requester by) {
        Withdrawal w = Withdrawal.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (w == null) {
            throw RuleViolation.notFound("withdrawal " + id);
        }
        if (!by.covers(WithdrawalService.regionOf(w))) {
            throw RuleViolation.forbidden("R-WD-7", "only an agency of the person's region reviews the application");
        }
        switch (d.decision()) {
            case APPROVE -> approve(w, d, by);
            case REJECT -> reject(w, d, by);
            case FORGED -> forged(w, d, by);
            default -> throw new IllegalStateException();
        }
    }

    private void approve(Withdrawal w, DecisionRequest d, Requester by) {
        if (w.status == Withdrawal.Status.APPROVED || w.status == Withdrawal.Status.PAID) {
            return; // the same decision again (a retry, a parallel click): its effect exists once
        }
        requireSubmitted(w);
        InsuredPerson person = InsuredPerson.findById(w.psnNo);
        if (person != null && person.deceased() && w.reason != Reason.DEATH) {
            throw RuleViolation.conflict("R-WD-1",
                    "the person has died: only an heir's DEATH withdrawal may take the account now");
        }
        if (ClosedAccount.findById(w.psnNo) != null) {
            throw RuleViolation.conflict("ACCOUNT_CLOSED", "the personal account is already closed");
        }
        recheckApplicant(w);
        State from = State.of(w.status, calls.stored(w.holdCommandId()) != null, w.holdReleased);
        // amount_fen null: the whole balance (full withdrawal)
        LedgerCalls.Call held = calls.send(w, from, Step.HOLD, new LedgerCommands.HoldWithdrawal(w.holdCommandId(),
                w.psnNo, w.requestedFen, "withdrawal:" + w.id), false);
        switch (held.effect()) {
            case MOVED -> {
                // held: approved below
            }
            // no answer, or INTERNAL (the ledger rolled the hold back and stored nothing): the same command again
            case RETRY -> throw new RuleViolation(503, "LEDGER_UNAVAILABLE", "Service unavailable",
                    (held.answer() == Answer.TIMEOUT ? "the ledger did not answer in time"
                            : "the ledger could not hold the amount now")
                            + "; the application is still SUBMITTED, approve again");
            default -> {
                LedgerReply refused = held.reply();
                String code = "INSUFFICIENT_BALANCE".equals(refused.code()) && w.reason == Reason.SERIOUS_ILLNESS
                        ? "R-WD-4" : refused.code();
                throw RuleViolation.conflict(code, "the ledger refused to hold the amount: " + refused.refusal());
            }
        }
        w.status = held.outcome().next().status();
        w.holdId = held.reply().holdId();
        w.heldFen = held.reply().amountFen();
        w.approvedAt = WithdrawalService.now();
        decided(w, d, by);
    }

    /**
     * What was checked at filing may have changed before the decision: the applicant listed as dishonest since
     * (R-WD-9), or the kinship that made them an heir (R-WD-1) or a guardian (R-WD-4) no longer recorded. The
     * application stays SUBMITTED (409); the agency rejects it.
     */
    private static void recheckApplicant(Withdrawal w) {
        if (DishonestyEntry.listed(w.applicantPsnNo, w.applicantCertno)) {
            throw RuleViolation.conflict("R-WD-9",
                    "the applicant has been put on the dishonesty list (失信名单) since filing: not approved");
        }
        if (!WithdrawalService.SELF.equals(w.applicantRelation)
                && Kinship.active(w.psnNo, w.applicantPsnNo).isEmpty()) {
            throw RuleViolation.conflict(w.reason == Reason.DEATH ? "R-WD-1" : w.reason.rule,
                    "the applicant's kinship with the person is no longer recorded: "
                            + (w.reason == Reason.DEATH ? "not an heir" : "not a guardian"));
        }
    }

    private void reject(Withdrawal w, DecisionRequest d, Requester by) {
        if (w.status == Withdrawal.Status.REJECTED && !w.forged) {
            return;
        }
        requireSubmitted(w);
        if (d.note() == null || d.note().isBlank()) {
            throw RuleViolation.badField("note", "VALIDATION", "a rejection states its reason");
        }
        reject(w);
        decided(w, d, by);
    }

    private void forged(Withdrawal w, DecisionRequest d, Requester by) {
        if (w.status == Withdrawal.Status.REJECTED && w.forged) {
            return;
        }
        requireSubmitted(w);
        long basis;
        if (w.requestedFen != null) {
            basis = w.requestedFen;
            if (d.amount() != null && Money.toFen(d.amount(), "amount") != basis) {
                throw RuleViolation.badField("amount", "R-WD-9", "the fine basis is the amount asked, "
                        + Money.toYuan(basis));
            }
        } else if (d.amount() != null) {
            basis = Money.toFen(d.amount(), "amount");
        } else {
            throw RuleViolation.badField("amount", "R-WD-9",
                    "state the amount sought (the balance) as the fine basis of a full withdrawal");
        }
        long max = DishonestyEntry.maxFine(basis);
        long fine = d.fineAmt() == null ? max : Money.toFen(d.fineAmt(), "fine_amt");
        if (fine > max) {
            throw RuleViolation.badField("fine_amt", "R-WD-9",
                    "the fine is at most 5 times the amount sought (" + Money.toYuan(max) + ")");
        }
        reject(w);
        w.forged = true;
        DishonestyEntry entry = new DishonestyEntry();
        entry.psnNo = w.applicantPsnNo;
        entry.certno = w.applicantCertno;
        entry.admdvs = WithdrawalService.regionOf(w);
        entry.withdrawalId = w.id;
        entry.basisFen = basis;
        entry.fineFen = fine;
        entry.listedAt = WithdrawalService.now();
        entry.listedBy = by.operator();
        entry.note = d.note();
        entry.persist();
        decided(w, d, by);
    }

    /**
     * REJECTED, its money where it is: nothing held if no hold was ever asked for; else the hold may exist (its
     * answer was lost) and {@link PayoutService} asks it again and voids it before {@code hold_released} is set.
     */
    private void reject(Withdrawal w) {
        State rejected = LedgerSteps.rejected(State.of(w.status, calls.stored(w.holdCommandId()) != null, false));
        w.status = rejected.status();
        w.holdReleased = LedgerSteps.released(rejected.money());
        withdrawals.releaseBills(w);
    }

    private static void requireSubmitted(Withdrawal w) {
        if (w.status != Withdrawal.Status.SUBMITTED) {
            throw RuleViolation.conflict("WITHDRAWAL_DECIDED", "the application was already decided: " + w.status);
        }
    }

    private void decided(Withdrawal w, DecisionRequest d, Requester by) {
        w.reviewer = by.operator();
        w.decidedAt = WithdrawalService.now();
        w.decisionNote = d.note();
        w.version++;
        withdrawals.changed(w);
    }
}
