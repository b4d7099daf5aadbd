package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Eligibility;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.problem.RuleViolation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.function.Supplier;

/**
 * A settlement asked again with a {@code medins_setl_id} already used: the original answer for the same content
 * (waiting while it is in flight), a new attempt of a FAILED one once its old hold is resolved, 409 for other content.
 */
@ApplicationScoped
public class Replays {

    @Inject
    Checks checks;

    @Inject
    LedgerClient ledger;

    @Inject
    HoldResolver resolver;

    @Inject
    AttemptDriver driver;

    @Inject
    EntityManager em;

    @Inject
    FamilyAidConfig config;

    /**
     * The insert found the key taken: replays the settlement that holds it; when there is none and the pre-settlement
     * was found by matching ({@code implicit}), it was taken by another settlement and this one settles
     * {@code afresh}.
     */
    SettlementOutcome afterConflict(Institution inst, Bill bill, String medinsSetlId, String hash, boolean implicit,
                                    Supplier<SettlementOutcome> afresh) {
        Settlement again = QuarkusTransaction.requiringNew().call(
                () -> Settlement.byMedinsSetlId(inst.fixmedinsCode, medinsSetlId).orElse(null));
        if (again == null && implicit) {
            // the matched pre-settlement was taken by another settlement (another medins_setl_id): settle afresh
            return afresh.get();
        }
        if (again == null) {
            throw RuleViolation.conflict("PRE_SETTLEMENT_USED", "the pre-settlement was settled by another settlement");
        }
        return replay(again.setlId, hash, inst, bill);
    }

    /**
     * Same key: same content → the original answer (waiting while it is in flight), or a new attempt of a FAILED
     * one ({@code inst} and {@code bill} are this request's, checked again for it); other content → 409.
     */
    SettlementOutcome replay(String setlId, String hash, Institution inst, Bill bill) {
        long deadline = System.nanoTime() + ledger.deadline().multipliedBy(2).plusSeconds(1).toNanos();
        while (true) {
            Settlement s = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId));
            if (!s.requestHash.equals(hash)) {
                throw RuleViolation.conflict("IDEMPOTENCY_CONFLICT",
                        "medins_setl_id was already used with other content");
            }
            switch (s.status) {
                case Settlement.COMPLETED, Settlement.REVERSING, Settlement.REVERSED -> {
                    return new SettlementOutcome(Rows.settlementView(setlId), false);
                }
                case Settlement.FAILED -> {
                    SettlementOutcome retried = retry(s, inst, bill);
                    if (retried != null) {
                        return retried;
                    }
                }
                default -> {
                    // PENDING: another request drives it; wait for its outcome
                }
            }
            if (System.nanoTime() > deadline) {
                throw new RuleViolation(503, "SETTLEMENT_IN_PROGRESS", "Service unavailable",
                        "the settlement with this medins_setl_id is still in progress; retry with the same id");
            }
            sleep(50);
        }
    }

    /**
     * A FAILED settlement asked again with the same content is tried again (a new attempt), once its old hold is
     * resolved. The retry is a new settlement attempt at the counter: the patient's credential, death, suspension
     * and the use's eligibility (R-SET-3, R-SET-5, R-SET-6) are checked again as of now, and a one-step retry holds
     * under today's decision. Null when another request retries it.
     */
    private SettlementOutcome retry(Settlement failed, Institution inst, Bill bill) {
        Checks.Checked fresh = checks.check(inst, bill, LocalDate.now(config.settlement().zone()), "SETTLE");
        if (!resolver.resolveSettlementHold(failed.setlId)) {
            throw LedgerCalls.unavailable();
        }
        int next = failed.attempt + 1;
        PreSettlement failedPre = failed.preSetlId == null ? null
                : QuarkusTransaction.requiringNew().call(() -> PreSettlement.<PreSettlement>findById(failed.preSetlId));
        boolean dropPre = false;
        if (failedPre != null && !PreSettlement.HELD.equals(failedPre.status)) {
            // a pre-settlement found by matching (the request named none, R-SET-2) whose hold was released with the
            // failed attempt: the retry holds afresh, as a settlement without a pre-settlement does
            boolean matched = failed.requestHash.equals(Bill.sha256(bill.contentHash() + "|"));
            if (!matched) {
                throw RuleViolation.conflict("PRE_SETTLEMENT_FAILED", "the settlement failed and its pre-settlement's "
                        + "hold was released; pre-settle again and settle with a new medins_setl_id");
            }
            failedPre = null;
            dropPre = true;
        }
        boolean withoutPre = dropPre;
        // posting a pre-settlement's hold keeps the decision it was held under; a one-step retry holds under today's
        Checks.Checked again = failedPre == null ? fresh : new Checks.Checked(fresh.institution(), fresh.person(),
                new Eligibility.Decision(failed.useAccount, failed.useFamily, failed.accountRefusedBy));
        String command = failedPre != null ? null
                : driver.settleCommand(failed.setlId, next, failed.psnNo, failed.psnPartFen, again);
        OffsetDateTime attemptStarted = Rows.now();
        int updated = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "UPDATE settlement SET status = 'PENDING', attempt = ?1, failure_code = NULL, hold_id = NULL, "
                                + "hold_state = 'NONE', hold_command = ?4, attempt_started_at = ?5, use_account = ?6, "
                                + "use_family = ?7, account_refused_by = ?8, "
                                + "pre_setl_id = CASE WHEN ?9 THEN NULL ELSE pre_setl_id END "
                                + "WHERE setl_id = ?2 AND status = 'FAILED' "
                                + "AND attempt = ?3 AND hold_state IN ('NONE', 'VOIDED', 'REFUNDED')")
                .setParameter(1, next).setParameter(2, failed.setlId).setParameter(3, failed.attempt)
                .setParameter(4, command).setParameter(5, attemptStarted)
                .setParameter(6, again.decision().useAccount()).setParameter(7, again.decision().useFamily())
                .setParameter(8, again.decision().accountRefusedBy()).setParameter(9, withoutPre).executeUpdate());
        if (updated == 0) {
            return null; // someone else retries it
        }
        PreSettlement posting = failedPre;
        return new SettlementOutcome(driver.drive(failed.setlId, next, billOf(failed), again, posting, command, null),
                true);
    }

    private static Bill billOf(Settlement s) {
        return new Bill(s.fixmedinsCode, s.psnNo, s.mdtrtCertType, null, s.insutype, s.medType, s.medfeeFen,
                s.fundPayFen, s.acctUsedFlag, s.mdtrtareaAdmvs, null);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
