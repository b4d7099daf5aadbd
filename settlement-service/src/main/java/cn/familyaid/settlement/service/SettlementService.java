package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.domain.Split;
import cn.familyaid.settlement.mapping.SettlementView;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.LocalDate;

/**
 * Settlement against the ledger, in the order of its steps: the one-shot fast path ({@link OneShot}); else the
 * checks, the pre-settlement to post (named, or matched and claimed, R-SET-2; what else is open for the patient is
 * superseded or released first by {@link OpenHolds}), the attempt recorded ({@link SettlementRecorder}) and driven
 * through the ledger ({@link AttemptDriver}, deciding through {@link cn.familyaid.settlement.domain.SettlementAttempt});
 * a key already used is replayed or retried ({@link Replays}). Pre-settlement is {@link PreSettlementService},
 * reversal {@link ReversalService}.
 *
 * <p>The order of writes keeps the record and the money together: the settlement row is committed PENDING before the
 * ledger is asked, it is COMPLETED only after the ledger answered POSTED, and when the ledger fails or is late the
 * row is FAILED and the hold is voided (by {@link HoldResolver}) or expires by itself. A charge therefore never
 * exists without a settlement row.
 */
@ApplicationScoped
public class SettlementService {

    @Inject
    Checks checks;

    @Inject
    OpenHolds openHolds;

    @Inject
    OneShot oneShot;

    @Inject
    SettlementRecorder recorder;

    @Inject
    AttemptDriver driver;

    @Inject
    Replays replays;

    @Inject
    PreSettlementService preSettlements;

    @Inject
    FamilyAidConfig config;

    public SettlementOutcome settle(Caller caller, Bill bill, String medinsSetlId, String preSetlId) {
        return settle(caller, bill, medinsSetlId, preSetlId, true);
    }

    /**
     * @param mayMatch whether a settlement without pre_setl_id may post the institution's open pre-settlement of
     *                 the patient (false on the second pass, after the one found was taken or superseded meanwhile)
     */
    private SettlementOutcome settle(Caller caller, Bill bill, String medinsSetlId, String preSetlId,
                                     boolean mayMatch) {
        String hash = Bill.sha256(bill.contentHash() + "|" + (preSetlId == null ? "" : preSetlId));
        if (preSetlId == null && mayMatch) {
            SettlementOutcome fast = oneShot.settle(caller, bill, medinsSetlId, hash);
            if (fast != null) {
                return fast;
            }
        }
        record Start(Institution inst, Settlement existing) {
        }
        Start start = QuarkusTransaction.requiringNew().call(() -> new Start(
                checks.institutionInTransaction(caller, bill.fixmedinsCode()),
                Settlement.byMedinsSetlId(bill.fixmedinsCode(), medinsSetlId).orElse(null)));
        Institution inst = start.inst();
        if (start.existing() != null) {
            return replays.replay(start.existing().setlId, hash, inst, bill);
        }
        Checks.Checked k = checks.check(inst, bill, LocalDate.now(config.settlement().zone()), "SETTLE");
        PreSettlement pre = preSetlId == null ? null : named(preSetlId, inst, bill);
        // R-SET-2: without pre_setl_id the institution's open pre-settlement of the patient is posted when the bill
        // matches it; the patient's other open pre-settlements here are superseded, and before a fresh hold their
        // holds must be gone (else they keep the own account's money locked and funders pay instead)
        OpenHolds.Opened opened = openHolds.supersede(inst.fixmedinsCode, bill.psnNo(), preSetlId,
                preSetlId == null && mayMatch ? OpenHolds.matchHash(bill, k) : null);
        if (pre == null) {
            pre = opened.matched();
        }
        boolean implicit = preSetlId == null && pre != null;
        String usedPre = pre == null ? null : pre.preSetlId;
        boolean direct = pre == null && k.decision().useAccount() && bill.psnPartFen() > 0;
        if (!openHolds.release(opened, direct)) {
            throw LedgerCalls.unavailable();
        }
        Settlement s = SettlementRecorder.newSettlement(inst, bill, k, medinsSetlId, usedPre, hash);
        boolean preWithHold = pre != null && pre.holdId != null;
        Runnable completeNow = null;
        if (!direct && !preWithHold) {
            // nothing to ask the ledger: all cash (acct_used_flag 0, R-SET-6 without filing, or nothing to pay)
            Split split = pre == null ? Split.allCash(bill.medfeeFen(), bill.fundPayFen())
                    : preSettlements.split(pre, bill);
            completeNow = () -> driver.complete(s, split, null, usedPre);
        }
        if (preWithHold) {
            s.holdId = pre.holdId;
            s.holdState = "HELD";
        }
        if (direct) {
            s.holdCommand = driver.settleCommand(s.setlId, 1, bill.psnNo(), bill.psnPartFen(), k);
        }
        Boolean inserted = recorder.insertClaiming(s, completeNow, pre, implicit);
        if (inserted == null) {
            return settle(caller, bill, medinsSetlId, preSetlId, false);
        }
        if (!inserted) {
            return replays.afterConflict(inst, bill, medinsSetlId, hash, implicit,
                    () -> settle(caller, bill, medinsSetlId, preSetlId, false));
        }
        if (completeNow != null) {
            return new SettlementOutcome(Rows.settlementView(s.setlId), true);
        }
        return new SettlementOutcome(driver.drive(s.setlId, 1, bill, k, pre, s.holdCommand, null), true);
    }

    /** The pre-settlement the request names: at this institution, for this bill, still HELD and not expired. */
    private static PreSettlement named(String preSetlId, Institution inst, Bill bill) {
        PreSettlement pre = QuarkusTransaction.requiringNew().call(() -> PreSettlement.<PreSettlement>findById(preSetlId));
        if (pre == null || !pre.fixmedinsCode.equals(inst.fixmedinsCode)) {
            throw RuleViolation.badField("pre_setl_id", "VALIDATION", "no such pre-settlement at this institution");
        }
        if (!pre.contentHash.equals(bill.contentHash())) {
            throw RuleViolation.conflict("PRE_SETTLEMENT_MISMATCH",
                    "the settlement's content differs from its pre-settlement");
        }
        if (!PreSettlement.HELD.equals(pre.status)) {
            throw SettlementRecorder.preNotHeld(pre);
        }
        if (pre.expiresAt.isBefore(Rows.now())) {
            throw RuleViolation.conflict("HOLD_EXPIRED", "the pre-settlement's hold has expired; pre-settle again");
        }
        return pre;
    }

    public SettlementView get(Caller caller, String setlId) {
        Settlement s = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId));
        if (s == null) {
            throw RuleViolation.notFound("settlement " + setlId);
        }
        boolean institution = caller.is(Caller.INSTITUTION) && s.fixmedinsCode.equals(caller.fixmedinsCode());
        if (!institution && !caller.isPerson(s.psnNo)) {
            throw RuleViolation.forbidden("FORBIDDEN_SETTLEMENT", "only the institution that settled and the patient may read it");
        }
        return Rows.settlementView(setlId);
    }
}
