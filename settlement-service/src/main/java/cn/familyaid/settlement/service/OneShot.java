package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;

/**
 * The common case in two local transactions: a one-shot settlement paid from accounts, with nothing open for the
 * patient here (no held pre-settlement to post or supersede, no failed attempt to release, R-SET-2) and a new
 * idempotency key. The first transaction reads everything the checks need in one statement and records the attempt
 * PENDING with its SETTLE command (record before money) in one plain INSERT; the ledger allocates and posts in one
 * command; the second completes the row with its payers and the event in plain SQL ({@link AttemptDriver}). No
 * Hibernate entity is persisted or flushed on this path.
 */
@ApplicationScoped
public class OneShot {

    @Inject
    Checks checks;

    @Inject
    AttemptDriver driver;

    @Inject
    EntityManager em;

    @Inject
    FamilyAidConfig config;

    /** A one-shot attempt recorded with its exact SETTLE command, and what its checks decided. */
    private record Recorded(Settlement settlement, Checks.Checked checked) {
    }

    /**
     * Settles the bill on the fast path; null when the case is not this one: the general path of
     * {@code SettlementService} then handles it (and refuses what it must).
     */
    SettlementOutcome settle(Caller caller, Bill bill, String medinsSetlId, String hash) {
        if (!caller.is(Caller.INSTITUTION) || !bill.fixmedinsCode().equals(caller.fixmedinsCode())) {
            return null;
        }
        LocalDate today = LocalDate.now(config.settlement().zone());
        Recorded recorded;
        try {
            recorded = QuarkusTransaction.requiringNew().call(() -> {
                Checks.Snapshot snap = checks.snapshot(bill, medinsSetlId, today);
                if (snap == null || !snap.institution().designated || snap.keyTaken() || snap.openHere()) {
                    return null;
                }
                Checks.Checked k = checks.decide(snap.institution(), bill, today, "SETTLE", snap.found());
                if (!k.decision().useAccount() || bill.psnPartFen() <= 0) {
                    return null;
                }
                Settlement s = SettlementRecorder.newSettlement(snap.institution(), bill, k, medinsSetlId, null, hash);
                s.holdCommand = driver.settleCommand(s.setlId, 1, bill.psnNo(), bill.psnPartFen(), k);
                SettlementRecorder.insertPlain(em, s);
                return new Recorded(s, k);
            });
        } catch (RuntimeException e) {
            if (Rows.isUniqueViolation(e)) {
                return null; // the same key at the same moment: the general path replays or waits for it
            }
            throw e;
        }
        if (recorded == null) {
            return null;
        }
        Settlement s = recorded.settlement();
        return new SettlementOutcome(driver.drive(s.setlId, 1, bill, recorded.checked(), null, s.holdCommand, s), true);
    }
}
