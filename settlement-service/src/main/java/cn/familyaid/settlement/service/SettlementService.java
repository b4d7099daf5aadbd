package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.domain.SettlementAttempt;
import cn.familyaid.settlement.domain.SettlementAttempt.Answer;
import cn.familyaid.settlement.domain.SettlementAttempt.Step;
import cn.familyaid.settlement.domain.SettlementPayer;
import cn.familyaid.settlement.domain.Split;
import cn.familyaid.settlement.mapping.SettlementEvent;
import cn.familyaid.settlement.mapping.SettlementView;
import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.messaging.LedgerReply;
import cn.familyaid.settlement.messaging.LedgerUnavailable;
import cn.familyaid.settlement.outbox.Outbox;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Settlement against the ledger (pre-settlement is {@link PreSettlementService}, reversal {@link ReversalService},
 * what R-SET-2 releases first {@link OpenHolds}; how each ledger answer moves an attempt is
 * {@link cn.familyaid.settlement.domain.SettlementAttempt}). The order of writes keeps the record
 * and the money together: the settlement row is committed PENDING before the ledger is asked, it is
 * COMPLETED only after the ledger answered POSTED, and when the ledger fails or is late the row is
 * FAILED and the hold is voided (by {@link HoldResolver}) or expires by itself. A charge therefore
 * never exists without a settlement row.
 */
@ApplicationScoped
public class SettlementService {
    private static final Logger LOG = Logger.getLogger(SettlementService.class);

    @Inject
    Checks checks;

    @Inject
    LedgerClient ledger;

    @Inject
    HoldResolver resolver;

    @Inject
    OpenHolds openHolds;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    FamilyAidConfig config;


    /** A settlement answer and whether it was created now (201) or replayed (200). */
    public record Outcome(SettlementView view, boolean created) {
    }

    public LocalDate today() {
        return LocalDate.now(config.settlement().zone());
    }

    // ---------------------------------------------------------------- settlement

    public Outcome settle(Caller caller, Bill bill, String medinsSetlId, String preSetlId) {
        return settle(caller, bill, medinsSetlId, preSetlId, true);
    }

    /**
     * @param mayMatch whether a settlement without pre_setl_id may post the institution's open pre-settlement of
     *                 the patient (false on the second pass, after the one found was taken or superseded meanwhile)
     */
    private Outcome settle(Caller caller, Bill bill, String medinsSetlId, String preSetlId, boolean mayMatch) {
        String hash = Bill.sha256(bill.contentHash() + "|" + (preSetlId == null ? "" : preSetlId));
        if (preSetlId == null && mayMatch) {
            Outcome oneShot = oneShot(caller, bill, medinsSetlId, hash);
            if (oneShot != null) {
                return oneShot;
            }
        }
        record Start(Institution inst, Settlement existing) {
        }
        Start start = QuarkusTransaction.requiringNew().call(() -> new Start(
                checks.institutionInTransaction(caller, bill.fixmedinsCode()),
                Settlement.byMedinsSetlId(bill.fixmedinsCode(), medinsSetlId).orElse(null)));
        Institution inst = start.inst();
        if (start.existing() != null) {
            return replay(start.existing().setlId, hash, inst, bill);
        }
        Checks.Checked k = checks.check(inst, bill, today(), "SETTLE");
        PreSettlement pre = null;
        if (preSetlId != null) {
            pre = QuarkusTransaction.requiringNew().call(() -> PreSettlement.<PreSettlement>findById(preSetlId));
            if (pre == null || !pre.fixmedinsCode.equals(inst.fixmedinsCode)) {
                throw RuleViolation.badField("pre_setl_id", "VALIDATION", "no such pre-settlement at this institution");
            }
            if (!pre.contentHash.equals(bill.contentHash())) {
                throw RuleViolation.conflict("PRE_SETTLEMENT_MISMATCH",
                        "the settlement's content differs from its pre-settlement");
            }
            if (!PreSettlement.HELD.equals(pre.status)) {
                throw preNotHeld(pre);
            }
            if (pre.expiresAt.isBefore(now())) {
                throw RuleViolation.conflict("HOLD_EXPIRED", "the pre-settlement's hold has expired; pre-settle again");
            }
        }
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
            throw unavailable();
        }
        Settlement s = newSettlement(inst, bill, k, medinsSetlId, usedPre, hash);
        boolean preWithHold = pre != null && pre.holdId != null;
        if (!direct && !preWithHold) {
            // nothing to ask the ledger: all cash (acct_used_flag 0, R-SET-6 without filing, or nothing to pay)
            PreSettlement cashPre = pre;
            Split split = pre == null ? Split.allCash(bill.medfeeFen(), bill.fundPayFen()) : preSplit(pre, bill);
            Boolean inserted = insertClaiming(s, () -> complete(s, split, null, usedPre), cashPre, implicit);
            if (inserted == null) {
                return settle(caller, bill, medinsSetlId, preSetlId, false);
            }
            if (!inserted) {
                return replayAfterConflict(inst, bill, medinsSetlId, hash, implicit,
                        () -> settle(caller, bill, medinsSetlId, preSetlId, false));
            }
            return new Outcome(view(s.setlId), true);
        }
        if (preWithHold) {
            s.holdId = pre.holdId;
            s.holdState = "HELD";
        }
        if (direct) {
            s.holdCommand = settleCommand(s.setlId, 1, bill.psnNo(), bill.psnPartFen(), k);
        }
        Boolean inserted = insertClaiming(s, null, pre, implicit);
        if (inserted == null) {
            return settle(caller, bill, medinsSetlId, preSetlId, false);
        }
        if (!inserted) {
            return replayAfterConflict(inst, bill, medinsSetlId, hash, implicit,
                    () -> settle(caller, bill, medinsSetlId, preSetlId, false));
        }
        return new Outcome(drive(s.setlId, 1, bill, k, pre, s.holdCommand), true);
    }

    /** A one-shot attempt recorded with its exact SETTLE command, and what its checks decided. */
    private record Recorded(Settlement settlement, Checks.Checked checked) {
    }

    /**
     * The common case in two local transactions: a one-shot settlement paid from accounts, with nothing open for
     * the patient here (no held pre-settlement to post or supersede, no failed attempt to release, R-SET-2) and a
     * new idempotency key. The first transaction reads everything the checks need in one statement and records
     * the attempt PENDING with its SETTLE command (record before money); the ledger allocates and posts in one
     * command; the second completes the row with its payers and the event. Null when the case is not this one:
     * the general path below then handles it (and refuses what it must).
     */
    private Outcome oneShot(Caller caller, Bill bill, String medinsSetlId, String hash) {
        if (!caller.is(Caller.INSTITUTION) || !bill.fixmedinsCode().equals(caller.fixmedinsCode())) {
            return null;
        }
        LocalDate today = today();
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
                Settlement s = newSettlement(snap.institution(), bill, k, medinsSetlId, null, hash);
                s.holdCommand = settleCommand(s.setlId, 1, bill.psnNo(), bill.psnPartFen(), k);
                s.persist();
                em.flush();
                return new Recorded(s, k);
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                return null; // the same key at the same moment: the general path replays or waits for it
            }
            throw e;
        }
        if (recorded == null) {
            return null;
        }
        Settlement s = recorded.settlement();
        return new Outcome(drive(s.setlId, 1, bill, recorded.checked(), null, s.holdCommand, s), true);
    }

    /**
     * Completes a recorded one-shot attempt whose SETTLE posted, in plain SQL: the row (if still this attempt and
     * PENDING; null otherwise), its payers in one statement, and the event. {@code s} is the row as recorded.
     */
    private SettlementView completeOneShot(Settlement s, int attempt, Split split, String holdId, Long balcFen) {
        OffsetDateTime now = now();
        LocalDate day = now.atZoneSameInstant(config.settlement().zone()).toLocalDate();
        int updated = em.createNativeQuery("UPDATE settlement SET status = 'COMPLETED', hold_id = ?1, "
                        + "hold_state = 'POSTED', acct_pay_fen = ?2, acct_mulaid_pay_fen = ?3, wlt_pay_fen = ?4, "
                        + "psn_cash_pay_fen = ?5, setl_time = ?6, setl_date = ?7, balc_fen = ?10 "
                        + "WHERE setl_id = ?8 AND status = 'PENDING' AND attempt = ?9")
                .setParameter(1, holdId).setParameter(2, split.acctPayFen()).setParameter(3, split.acctMulaidPayFen())
                .setParameter(4, split.wltPayFen()).setParameter(5, split.psnCashPayFen()).setParameter(6, now)
                .setParameter(7, day).setParameter(8, s.setlId).setParameter(9, attempt)
                .setParameter(10, balcFen).executeUpdate();
        if (updated == 0) {
            return null;
        }
        List<Split.Leg> legs = split.legs();
        if (!legs.isEmpty()) {
            em.unwrap(org.hibernate.Session.class).doWork(c -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO settlement_payer (setl_id, "
                        + "leg_no, psn_no, psn_name, relation, source, amount_fen) SELECT ?, * FROM unnest(?::int[], "
                        + "?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[])")) {
                    ps.setString(1, s.setlId);
                    ps.setArray(2, c.createArrayOf("integer", legs.stream().map(Split.Leg::legNo).toArray()));
                    ps.setArray(3, c.createArrayOf("varchar", legs.stream().map(Split.Leg::psnNo).toArray()));
                    ps.setArray(4, c.createArrayOf("varchar", legs.stream().map(Split.Leg::psnName).toArray()));
                    ps.setArray(5, c.createArrayOf("varchar", legs.stream().map(Split.Leg::relation).toArray()));
                    ps.setArray(6, c.createArrayOf("varchar", legs.stream().map(Split.Leg::source).toArray()));
                    ps.setArray(7, c.createArrayOf("bigint", legs.stream().map(Split.Leg::amountFen).toArray()));
                    ps.executeUpdate();
                }
            });
        }
        s.markCompleted(split, holdId, now, day);
        s.balcFen = balcFen;
        outbox.publish(SettlementEvent.COMPLETED, s.psnNo, SettlementEvent.COMPLETED, SettlementEvent.SCHEMA_VERSION,
                SettlementEvent.of(s));
        return SettlementView.of(s, split);
    }

    private static RuleViolation preNotHeld(PreSettlement pre) {
        if (PreSettlement.USED.equals(pre.status)) {
            return RuleViolation.conflict("PRE_SETTLEMENT_USED", "the pre-settlement is USED");
        }
        if (PreSettlement.SUPERSEDED.equals(pre.failureCode)) {
            return RuleViolation.conflict("PRE_SETTLEMENT_SUPERSEDED", "a newer pre-settlement or a settlement of "
                    + "this patient replaced it and its hold was released; pre-settle again");
        }
        return RuleViolation.conflict("PRE_SETTLEMENT_FAILED", "the pre-settlement is " + pre.status);
    }

    /**
     * Inserts the settlement; one that posts a pre-settlement first claims it (row lock, still HELD), so a newer
     * pre-settlement cannot supersede it while it is being settled. Null when the pre-settlement is no longer HELD
     * and was found by matching (the caller settles afresh); false when the idempotency key exists.
     */
    private Boolean insertClaiming(Settlement s, Runnable then, PreSettlement pre, boolean implicit) {
        if (pre == null) {
            return insert(s, then, null);
        }
        try {
            return insert(s, then, () -> {
                String status = (String) em.createNativeQuery(
                                "SELECT status FROM pre_settlement WHERE pre_setl_id = ?1 FOR UPDATE")
                        .setParameter(1, pre.preSetlId).getSingleResult();
                if (!PreSettlement.HELD.equals(status)) {
                    throw new PreSettlementTaken();
                }
            });
        } catch (RuntimeException e) {
            if (!isTaken(e)) {
                throw e;
            }
            if (implicit) {
                return null;
            }
            throw preNotHeld(QuarkusTransaction.requiringNew().call(
                    () -> PreSettlement.<PreSettlement>findById(pre.preSetlId)));
        }
    }

    private static boolean isTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PreSettlementTaken) {
                return true;
            }
        }
        return false;
    }

    /** The pre-settlement was superseded or used between finding it and claiming it. */
    private static final class PreSettlementTaken extends RuntimeException {
        PreSettlementTaken() {
            super(null, null, false, false);
        }
    }

    private Settlement newSettlement(Institution inst, Bill bill, Checks.Checked k, String medinsSetlId,
                                     String preSetlId, String hash) {
        Settlement s = new Settlement();
        s.setlId = "S" + compactUuid();
        s.fixmedinsCode = inst.fixmedinsCode;
        s.medinsSetlId = medinsSetlId;
        s.requestHash = hash;
        s.preSetlId = preSetlId;
        s.psnNo = bill.psnNo();
        s.psnName = k.person().psnName;
        s.mdtrtCertType = bill.mdtrtCertType();
        s.insutype = bill.insutype();
        s.medType = bill.medType();
        s.mdtrtareaAdmvs = bill.mdtrtareaAdmvs();
        s.acctUsedFlag = bill.acctUsedFlag();
        s.useAccount = k.decision().useAccount();
        s.useFamily = k.decision().useFamily();
        s.accountRefusedBy = k.decision().accountRefusedBy();
        s.medfeeFen = bill.medfeeFen();
        s.fundPayFen = bill.fundPayFen();
        s.psnPartFen = bill.psnPartFen();
        if (bill.proxy() != null) {
            s.proxyName = bill.proxy().psnName();
            s.proxyCertno = bill.proxy().certno();
            s.proxyRelation = bill.proxy().relation();
        }
        s.status = Settlement.PENDING;
        s.attempt = 1;
        s.holdState = "NONE";
        s.createdAt = now();
        s.attemptStartedAt = s.createdAt;
        return s;
    }

    /**
     * Inserts the row (after {@code before}, and runs {@code then} in the same transaction); false when the
     * idempotency key exists.
     */
    private boolean insert(Settlement s, Runnable then, Runnable before) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (before != null) {
                    before.run();
                }
                s.persist();
                em.flush();
                if (then != null) {
                    then.run();
                }
            });
            return true;
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private Outcome replayAfterConflict(Institution inst, Bill bill, String medinsSetlId, String hash, boolean implicit,
                                        java.util.function.Supplier<Outcome> afresh) {
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
    private Outcome replay(String setlId, String hash, Institution inst, Bill bill) {
        long deadline = System.nanoTime() + ledger.deadline().multipliedBy(2).plusSeconds(1).toNanos();
        while (true) {
            Settlement s = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId));
            if (!s.requestHash.equals(hash)) {
                throw RuleViolation.conflict("IDEMPOTENCY_CONFLICT",
                        "medins_setl_id was already used with other content");
            }
            switch (s.status) {
                case Settlement.COMPLETED, Settlement.REVERSING, Settlement.REVERSED -> {
                    return new Outcome(view(setlId), false);
                }
                case Settlement.FAILED -> {
                    Outcome retried = retry(s, inst, bill);
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
     * under today's decision.
     */
    private Outcome retry(Settlement failed, Institution inst, Bill bill) {
        Checks.Checked fresh = checks.check(inst, bill, today(), "SETTLE");
        if (!resolver.resolveSettlementHold(failed.setlId)) {
            throw unavailable();
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
                new cn.familyaid.settlement.domain.Eligibility.Decision(failed.useAccount, failed.useFamily,
                        failed.accountRefusedBy));
        String command = failedPre != null ? null
                : settleCommand(failed.setlId, next, failed.psnNo, failed.psnPartFen, again);
        OffsetDateTime attemptStarted = now();
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
        return new Outcome(drive(failed.setlId, next, billOf(failed), again, posting, command), true);
    }

    private Bill billOf(Settlement s) {
        return new Bill(s.fixmedinsCode, s.psnNo, s.mdtrtCertType, null, s.insutype, s.medType, s.medfeeFen,
                s.fundPayFen, s.acctUsedFlag, s.mdtrtareaAdmvs, null);
    }

    /** Hold (unless pre-settled) and post; the row is completed only after the ledger posted. */
    private SettlementView drive(String setlId, int attempt, Bill bill, Checks.Checked k, PreSettlement pre,
                                String command) {
        return drive(setlId, attempt, bill, k, pre, command, null);
    }

    /** @param recorded the row as recorded by {@link #oneShot}, completed in plain SQL (null: any other attempt) */
    private SettlementView drive(String setlId, int attempt, Bill bill, Checks.Checked k, PreSettlement pre,
                                String command, Settlement recorded) {
        // the hold id is not written before the post: a crash in between leaves the row PENDING with its hold
        // command, and the resolver learns the hold by re-sending that command (one transaction less per settlement)
        String holdId;
        List<Split.Leg> holdLegs;
        long holdCash;
        LedgerReply posted = null;
        if (pre != null) {
            holdId = pre.holdId;
            holdLegs = preLegs(pre);
            holdCash = pre.psnCashPayFen;
        } else {
            LedgerReply h;
            try {
                h = ledger.send(bill.psnNo(), command);
            } catch (LedgerUnavailable e) {
                throw failed(setlId, attempt, Step.SETTLE, Answer.TIMEOUT, null, null);
            }
            if (!h.ok()) {
                throw failed(setlId, attempt, Step.SETTLE, Answer.of(false, h.code()), h, null);
            }
            holdId = h.holdId();
            holdLegs = legs(bill.psnNo(), h.legsOrEmpty());
            holdCash = cashOf(h, bill.psnPartFen());
            if ("POSTED".equals(h.status())) {
                posted = h;
            }
        }
        Split split;
        try {
            split = Split.fromLegs(bill.medfeeFen(), bill.fundPayFen(), bill.psnNo(), holdLegs, holdCash);
        } catch (IllegalStateException e) {
            LOG.errorf("ledger hold %s for settlement %s does not fit the bill: %s", holdId, setlId, e.getMessage());
            fail(setlId, attempt, "LEDGER_INCONSISTENT", "HELD", holdId);
            resolver.resolveLater(setlId);
            throw new RuleViolation(502, "LEDGER_INCONSISTENT", "Bad gateway", "the ledger's answer does not fit the bill");
        }
        // a one-shot SETTLE was posted with its allocation; a pre-settlement's hold is posted now
        LedgerReply p = posted;
        if (p == null) {
            try {
                p = ledger.postHold(postCommand(setlId, attempt), bill.psnNo(), holdId);
            } catch (LedgerUnavailable e) {
                throw failed(setlId, attempt, Step.POST, Answer.TIMEOUT, null, holdId);
            }
            if (!p.ok()) {
                throw failed(setlId, attempt, Step.POST, Answer.of(false, p.code()), p, holdId);
            }
        }
        if (!p.legsOrEmpty().isEmpty()) {
            long postedFen = p.legsOrEmpty().stream().mapToLong(LedgerReply.Leg::amountFen).sum();
            long held = holdLegs.stream().mapToLong(Split.Leg::amountFen).sum();
            if (postedFen != held) {
                LOG.errorf("ledger posted %d fen for hold %s of settlement %s, held %d", postedFen, holdId, setlId,
                        held);
            }
        }
        Long balcFen = p.balcFen();
        SettlementView done = recorded != null && posted != null
                ? QuarkusTransaction.requiringNew().call(() -> completeOneShot(recorded, attempt, split, holdId,
                balcFen))
                : QuarkusTransaction.requiringNew().call(() -> {
            Settlement s = Settlement.findById(setlId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (!Settlement.PENDING.equals(s.status) || s.attempt != attempt) {
                return null;
            }
            s.holdState = "POSTED";
            s.balcFen = balcFen;
            complete(s, split, holdId, s.preSetlId);
            return SettlementView.of(s);
        });
        if (done == null) {
            // the PENDING row was given up by the resolver meanwhile: it will refund what was posted
            resolver.resolveLater(setlId);
            throw unavailable();
        }
        return done;
    }

    /**
     * The SETTLE command of a one-shot attempt (no pre-settlement): the ledger refuses it after the deadline this
     * service waits for its answer, so it never posts after the attempt was given up.
     */
    private String settleCommand(String setlId, int attempt, String psnNo, long psnPartFen, Checks.Checked k) {
        return ledger.settle(setlId + ":" + attempt + ":settle", psnNo, psnPartFen, k.decision().useAccount(),
                k.decision().useFamily(),
                walletOk(k), ref(k.institution()), setlId, now().plus(ledger.deadline()));
    }

    /**
     * Records how the ledger's answer to the attempt's step ended it ({@link SettlementAttempt#answer}): FAILED
     * with where its money is, released in the background when it may be held or posted; returns what the counter
     * is told (409 with the ledger's code, or 503: nothing charged, retry with the same id).
     */
    private RuleViolation failed(String setlId, int attempt, Step step, Answer answer, LedgerReply reply,
                                 String holdId) {
        SettlementAttempt.Outcome o = SettlementAttempt.answer(step, answer);
        fail(setlId, attempt, answer == Answer.TIMEOUT ? "LEDGER_TIMEOUT" : reply.code(), o.next().hold().name(),
                holdId);
        if (o.mustResolve()) {
            resolver.resolveLater(setlId);
        }
        return o.response() == SettlementAttempt.Response.CONFLICT ? refused(reply) : unavailable();
    }

    static String postCommand(String setlId, int attempt) {
        return setlId + ":" + attempt + ":post";
    }

    /** Completes the settlement in the caller's transaction: split, payers, event, pre-settlement used. */
    private void complete(Settlement s, Split split, String holdId, String preSetlId) {
        OffsetDateTime now = now();
        s.markCompleted(split, holdId, now, now.atZoneSameInstant(config.settlement().zone()).toLocalDate());
        for (Split.Leg l : split.legs()) {
            SettlementPayer p = new SettlementPayer();
            p.setlId = s.setlId;
            p.legNo = l.legNo();
            p.psnNo = l.psnNo();
            p.psnName = l.psnName();
            p.relation = l.relation();
            p.source = l.source();
            p.amountFen = l.amountFen();
            p.persist();
        }
        if (preSetlId != null) {
            PreSettlement pre = PreSettlement.findById(preSetlId);
            pre.status = PreSettlement.USED;
            if (pre.holdId != null) {
                pre.holdState = "POSTED";
            }
        }
        em.flush();
        outbox.publish(SettlementEvent.COMPLETED, s.psnNo, SettlementEvent.COMPLETED, SettlementEvent.SCHEMA_VERSION,
                SettlementEvent.of(s));
    }

    private void fail(String setlId, int attempt, String code, String holdState, String holdId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE settlement SET status = 'FAILED', failure_code = ?1, hold_state = ?2, "
                                + "hold_id = COALESCE(?3, hold_id) WHERE setl_id = ?4 AND attempt = ?5 AND status = 'PENDING'")
                .setParameter(1, code).setParameter(2, holdState).setParameter(3, holdId).setParameter(4, setlId)
                .setParameter(5, attempt).executeUpdate());
    }

    // ---------------------------------------------------------------- reading

    public SettlementView get(Caller caller, String setlId) {
        Settlement s = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId));
        if (s == null) {
            throw RuleViolation.notFound("settlement " + setlId);
        }
        boolean institution = caller.is(Caller.INSTITUTION) && s.fixmedinsCode.equals(caller.fixmedinsCode());
        if (!institution && !caller.isPerson(s.psnNo)) {
            throw RuleViolation.forbidden("FORBIDDEN_SETTLEMENT", "only the institution that settled and the patient may read it");
        }
        return view(setlId);
    }

    public static SettlementView view(String setlId) {
        return QuarkusTransaction.requiringNew().call(() -> SettlementView.of(Settlement.findById(setlId)));
    }

    // ---------------------------------------------------------------- helpers

    private Split preSplit(PreSettlement pre, Bill bill) {
        return Split.fromLegs(bill.medfeeFen(), bill.fundPayFen(), bill.psnNo(), preLegs(pre), pre.psnCashPayFen);
    }

    private List<Split.Leg> preLegs(PreSettlement pre) {
        if (pre.payers == null) {
            return List.of();
        }
        try {
            return json.readValue(pre.payers, new TypeReference<List<Split.Leg>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Split.Leg> legs(String patient, List<LedgerReply.Leg> legs) {
        return legs.stream().map(l -> new Split.Leg(l.legNo(), l.psnNo(), l.psnName(),
                Split.relationOf(patient, l.psnNo(), l.relation()), l.source(), l.amountFen())).toList();
    }

    static long cashOf(LedgerReply r, long psnPartFen) {
        if (r.cashFen() != null) {
            return r.cashFen();
        }
        return psnPartFen - r.legsOrEmpty().stream().mapToLong(LedgerReply.Leg::amountFen).sum();
    }

    /**
     * The wallet may pay only at wallet-enabled institutions of the holder's insured place (R-WAL-4);
     * the ledger also checks the wallet's own region.
     */
    static boolean walletOk(Checks.Checked k) {
        return k.institution().walletEnabled
                && (k.person() == null || k.institution().admdvs.equals(k.person().insuplcAdmdvs));
    }

    static LedgerClient.InstitutionRef ref(Institution i) {
        return new LedgerClient.InstitutionRef(i.fixmedinsCode, i.fixmedinsType.name(), i.admdvs, i.walletEnabled);
    }

    static RuleViolation unavailable() {
        return new RuleViolation(503, "LEDGER_UNAVAILABLE", "Service unavailable",
                "the ledger did not answer in time; nothing was charged. Retry with the same medins_setl_id");
    }

    static RuleViolation refused(LedgerReply r) {
        String code = r.code() == null ? "LEDGER_REFUSED" : r.code();
        return new RuleViolation(409, code, "Conflict", "the ledger refused: " + (r.message() == null ? code : r.message()));
    }

    static OffsetDateTime parseTime(String s, OffsetDateTime fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(s);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String compactUuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Duration deadline() {
        return ledger.deadline();
    }
}
