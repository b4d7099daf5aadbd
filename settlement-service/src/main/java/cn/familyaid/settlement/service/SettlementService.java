package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.domain.SettlementPayer;
import cn.familyaid.settlement.domain.Split;
import cn.familyaid.settlement.mapping.PreSettlementView;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Pre-settlement, settlement and reversal against the ledger. The order of writes keeps the record
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
    Outbox outbox;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "familyaid.settlement.zone", defaultValue = "Asia/Shanghai")
    ZoneId zone;

    @ConfigProperty(name = "familyaid.settlement.pre-hold-seconds", defaultValue = "900")
    int preHoldSeconds;

    @ConfigProperty(name = "familyaid.settlement.direct-hold-seconds", defaultValue = "120")
    int directHoldSeconds;

    /** A settlement answer and whether it was created now (201) or replayed (200). */
    public record Outcome(SettlementView view, boolean created) {
    }

    public LocalDate today() {
        return LocalDate.now(zone);
    }

    // ---------------------------------------------------------------- pre-settlement

    public PreSettlementView preSettle(Caller caller, Bill bill) {
        Institution inst = checks.institution(caller, bill.fixmedinsCode());
        Checks.Checked k = checks.check(inst, bill, today(), "PRE");
        String preId = "P" + compactUuid();
        OffsetDateTime now = now();
        PreSettlement pre = new PreSettlement();
        pre.preSetlId = preId;
        pre.fixmedinsCode = inst.fixmedinsCode;
        pre.psnNo = bill.psnNo();
        pre.contentHash = bill.contentHash();
        pre.medfeeFen = bill.medfeeFen();
        pre.fundPayFen = bill.fundPayFen();
        pre.psnPartFen = bill.psnPartFen();
        pre.useAccount = k.decision().useAccount();
        pre.createdAt = now;
        pre.expiresAt = now.plusSeconds(preHoldSeconds);
        if (!k.decision().useAccount() || bill.psnPartFen() == 0) {
            Split cash = Split.allCash(bill.medfeeFen(), bill.fundPayFen());
            fill(pre, cash);
            pre.status = PreSettlement.HELD;
            pre.holdState = "NONE";
            QuarkusTransaction.requiringNew().run(pre::persist);
            return PreSettlementView.of(preId, pre.fixmedinsCode, pre.psnNo, pre.status, pre.expiresAt, cash,
                    k.decision().accountRefusedBy());
        }
        pre.status = PreSettlement.PENDING;
        pre.holdState = "NONE";
        pre.holdCommand = ledger.holdForPlan(preHoldCommand(preId), bill.psnNo(), bill.psnPartFen(), true,
                k.decision().useFamily(), walletOk(k), ref(inst), preId, preHoldSeconds);
        QuarkusTransaction.requiringNew().run(pre::persist);
        LedgerReply r;
        try {
            r = ledger.send(bill.psnNo(), pre.holdCommand);
        } catch (LedgerUnavailable e) {
            failPre(preId, "LEDGER_TIMEOUT", "UNKNOWN");
            throw unavailable();
        }
        if (!r.ok()) {
            failPre(preId, r.code(), "NONE");
            throw refused(r);
        }
        Split split;
        try {
            split = Split.fromLegs(bill.medfeeFen(), bill.fundPayFen(), bill.psnNo(), legs(bill.psnNo(), r.legsOrEmpty()),
                    cashOf(r, bill.psnPartFen()));
        } catch (IllegalStateException e) {
            LOG.errorf("ledger hold %s for pre-settlement %s does not fit the bill: %s", r.holdId(), preId, e.getMessage());
            QuarkusTransaction.requiringNew().run(() -> {
                PreSettlement p = PreSettlement.findById(preId);
                p.status = PreSettlement.FAILED;
                p.failureCode = "LEDGER_INCONSISTENT";
                p.holdId = r.holdId();
                p.holdState = "HELD";
            });
            throw new RuleViolation(502, "LEDGER_INCONSISTENT", "Bad gateway", "the ledger's answer does not fit the bill");
        }
        OffsetDateTime expires = parseTime(r.expiresAt(), pre.expiresAt);
        QuarkusTransaction.requiringNew().run(() -> {
            PreSettlement p = PreSettlement.findById(preId);
            p.holdId = r.holdId();
            p.holdState = "HELD";
            p.status = PreSettlement.HELD;
            p.expiresAt = expires;
            fill(p, split);
        });
        return PreSettlementView.of(preId, inst.fixmedinsCode, bill.psnNo(), PreSettlement.HELD, expires, split,
                k.decision().accountRefusedBy());
    }

    static String preHoldCommand(String preId) {
        return preId + ":hold";
    }

    private void fill(PreSettlement p, Split s) {
        p.acctPayFen = s.acctPayFen();
        p.acctMulaidPayFen = s.acctMulaidPayFen();
        p.wltPayFen = s.wltPayFen();
        p.psnCashPayFen = s.psnCashPayFen();
        try {
            p.payers = json.writeValueAsString(s.legs());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void failPre(String preId, String code, String holdState) {
        QuarkusTransaction.requiringNew().run(() -> {
            PreSettlement p = PreSettlement.findById(preId);
            p.status = PreSettlement.FAILED;
            p.failureCode = code;
            p.holdState = holdState;
        });
    }

    // ---------------------------------------------------------------- settlement

    public Outcome settle(Caller caller, Bill bill, String medinsSetlId, String preSetlId) {
        String hash = Bill.sha256(bill.contentHash() + "|" + (preSetlId == null ? "" : preSetlId));
        record Start(Institution inst, Settlement existing) {
        }
        Start start = QuarkusTransaction.requiringNew().call(() -> new Start(
                checks.institutionInTransaction(caller, bill.fixmedinsCode()),
                Settlement.byMedinsSetlId(bill.fixmedinsCode(), medinsSetlId).orElse(null)));
        Institution inst = start.inst();
        if (start.existing() != null) {
            return replay(start.existing().setlId, hash);
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
                throw RuleViolation.conflict(PreSettlement.USED.equals(pre.status) ? "PRE_SETTLEMENT_USED"
                        : "PRE_SETTLEMENT_FAILED", "the pre-settlement is " + pre.status);
            }
            if (pre.expiresAt.isBefore(now())) {
                throw RuleViolation.conflict("HOLD_EXPIRED", "the pre-settlement's hold has expired; pre-settle again");
            }
        }
        Settlement s = newSettlement(inst, bill, k, medinsSetlId, preSetlId, hash);
        boolean direct = pre == null && k.decision().useAccount() && bill.psnPartFen() > 0;
        boolean preWithHold = pre != null && pre.holdId != null;
        if (!direct && !preWithHold) {
            // nothing to ask the ledger: all cash (acct_used_flag 0, R-SET-6 without filing, or nothing to pay)
            Split split = pre == null ? Split.allCash(bill.medfeeFen(), bill.fundPayFen()) : preSplit(pre, bill);
            boolean inserted = insert(s, () -> complete(s, split, null, preSetlId));
            if (!inserted) {
                return replayAfterConflict(inst.fixmedinsCode, medinsSetlId, hash);
            }
            return new Outcome(view(s.setlId), true);
        }
        if (preWithHold) {
            s.holdId = pre.holdId;
            s.holdState = "HELD";
        }
        if (direct) {
            s.holdCommand = ledger.holdForPlan(holdCommand(s.setlId, 1), bill.psnNo(), bill.psnPartFen(), true,
                    k.decision().useFamily(), walletOk(k), ref(inst), s.setlId, directHoldSeconds);
        }
        boolean inserted = insert(s, null);
        if (!inserted) {
            return replayAfterConflict(inst.fixmedinsCode, medinsSetlId, hash);
        }
        return new Outcome(drive(s.setlId, 1, bill, k, pre, s.holdCommand), true);
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
        return s;
    }

    /** Inserts the row (and runs {@code then} in the same transaction); false when the idempotency key exists. */
    private boolean insert(Settlement s, Runnable then) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
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

    private Outcome replayAfterConflict(String code, String medinsSetlId, String hash) {
        Settlement again = QuarkusTransaction.requiringNew().call(
                () -> Settlement.byMedinsSetlId(code, medinsSetlId).orElse(null));
        if (again == null) {
            throw RuleViolation.conflict("PRE_SETTLEMENT_USED", "the pre-settlement was settled by another settlement");
        }
        return replay(again.setlId, hash);
    }

    /** Same key: same content → the original answer (waiting while it is in flight); other content → 409. */
    private Outcome replay(String setlId, String hash) {
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
                    Outcome retried = retry(s);
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

    /** A FAILED settlement asked again with the same content is tried again (a new attempt), once its old hold is resolved. */
    private Outcome retry(Settlement failed) {
        if (!resolver.resolveSettlementHold(failed.setlId)) {
            throw unavailable();
        }
        int next = failed.attempt + 1;
        PreSettlement failedPre = failed.preSetlId == null ? null
                : QuarkusTransaction.requiringNew().call(() -> PreSettlement.<PreSettlement>findById(failed.preSetlId));
        if (failedPre != null && !PreSettlement.HELD.equals(failedPre.status)) {
            throw RuleViolation.conflict("PRE_SETTLEMENT_FAILED", "the settlement failed and its pre-settlement's hold "
                    + "was released; pre-settle again and settle with a new medins_setl_id");
        }
        Institution failedInst = QuarkusTransaction.requiringNew().call(
                () -> Institution.<Institution>findById(failed.fixmedinsCode));
        cn.familyaid.settlement.domain.InsuredPerson person = QuarkusTransaction.requiringNew().call(
                () -> cn.familyaid.settlement.domain.InsuredPerson.<cn.familyaid.settlement.domain.InsuredPerson>findById(failed.psnNo));
        Checks.Checked again = new Checks.Checked(failedInst, person,
                new cn.familyaid.settlement.domain.Eligibility.Decision(failed.useAccount, failed.useFamily,
                        failed.accountRefusedBy));
        String command = failedPre != null ? null : ledger.holdForPlan(holdCommand(failed.setlId, next), failed.psnNo,
                failed.psnPartFen, true, failed.useFamily, walletOk(again), ref(failedInst), failed.setlId,
                directHoldSeconds);
        int updated = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "UPDATE settlement SET status = 'PENDING', attempt = ?1, failure_code = NULL, hold_id = NULL, "
                                + "hold_state = 'NONE', hold_command = ?4 WHERE setl_id = ?2 AND status = 'FAILED' "
                                + "AND attempt = ?3 AND hold_state IN ('NONE', 'VOIDED', 'REFUNDED')")
                .setParameter(1, next).setParameter(2, failed.setlId).setParameter(3, failed.attempt)
                .setParameter(4, command).executeUpdate());
        if (updated == 0) {
            return null; // someone else retries it
        }
        return new Outcome(drive(failed.setlId, next, billOf(failed), again, failedPre, command), true);
    }

    private Bill billOf(Settlement s) {
        return new Bill(s.fixmedinsCode, s.psnNo, s.mdtrtCertType, null, s.insutype, s.medType, s.medfeeFen,
                s.fundPayFen, s.acctUsedFlag, s.mdtrtareaAdmvs, null);
    }

    /** Hold (unless pre-settled) and post; the row is completed only after the ledger posted. */
    private SettlementView drive(String setlId, int attempt, Bill bill, Checks.Checked k, PreSettlement pre,
                                String command) {
        // the hold id is not written before the post: a crash in between leaves the row PENDING with its hold
        // command, and the resolver learns the hold by re-sending that command (one transaction less per settlement)
        String holdId;
        List<Split.Leg> holdLegs;
        long holdCash;
        if (pre != null) {
            holdId = pre.holdId;
            holdLegs = preLegs(pre);
            holdCash = pre.psnCashPayFen;
        } else {
            LedgerReply h;
            try {
                h = ledger.send(bill.psnNo(), command);
            } catch (LedgerUnavailable e) {
                fail(setlId, attempt, "LEDGER_TIMEOUT", "UNKNOWN", null);
                resolver.resolveLater(setlId);
                throw unavailable();
            }
            if (!h.ok()) {
                fail(setlId, attempt, h.code(), "NONE", null);
                throw refused(h);
            }
            holdId = h.holdId();
            holdLegs = legs(bill.psnNo(), h.legsOrEmpty());
            holdCash = cashOf(h, bill.psnPartFen());
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
        LedgerReply p;
        try {
            p = ledger.postHold(postCommand(setlId, attempt), bill.psnNo(), holdId);
        } catch (LedgerUnavailable e) {
            fail(setlId, attempt, "LEDGER_TIMEOUT", "HELD", holdId);
            resolver.resolveLater(setlId);
            throw unavailable();
        }
        if (!p.ok()) {
            fail(setlId, attempt, p.code(), "HELD", holdId);
            resolver.resolveLater(setlId);
            throw refused(p);
        }
        if (!p.legsOrEmpty().isEmpty()) {
            long posted = p.legsOrEmpty().stream().mapToLong(LedgerReply.Leg::amountFen).sum();
            long held = holdLegs.stream().mapToLong(Split.Leg::amountFen).sum();
            if (posted != held) {
                LOG.errorf("ledger posted %d fen for hold %s of settlement %s, held %d", posted, holdId, setlId, held);
            }
        }
        SettlementView done = QuarkusTransaction.requiringNew().call(() -> {
            Settlement s = Settlement.findById(setlId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (!Settlement.PENDING.equals(s.status) || s.attempt != attempt) {
                return null;
            }
            s.holdState = "POSTED";
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

    static String holdCommand(String setlId, int attempt) {
        return setlId + ":" + attempt + ":hold";
    }

    static String postCommand(String setlId, int attempt) {
        return setlId + ":" + attempt + ":post";
    }

    /** Completes the settlement in the caller's transaction: split, payers, event, pre-settlement used. */
    private void complete(Settlement s, Split split, String holdId, String preSetlId) {
        OffsetDateTime now = now();
        s.status = Settlement.COMPLETED;
        s.holdId = holdId;
        if (holdId != null) {
            s.holdState = "POSTED";
        }
        s.acctPayFen = split.acctPayFen();
        s.acctMulaidPayFen = split.acctMulaidPayFen();
        s.wltPayFen = split.wltPayFen();
        s.psnCashPayFen = split.psnCashPayFen();
        s.setlTime = now;
        s.setlDate = now.atZoneSameInstant(zone).toLocalDate();
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

    // ---------------------------------------------------------------- reversal (R-SET-7)

    public SettlementView reverse(Caller caller, String setlId) {
        Settlement s = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId));
        if (s == null) {
            throw RuleViolation.notFound("settlement " + setlId);
        }
        if (!caller.is(Caller.INSTITUTION) || !s.fixmedinsCode.equals(caller.fixmedinsCode())) {
            throw RuleViolation.forbidden("R-SET-7", "only the institution that settled may reverse");
        }
        switch (s.status) {
            case Settlement.REVERSED -> {
                return view(setlId);
            }
            case Settlement.PENDING, Settlement.FAILED -> throw RuleViolation.conflict("NOT_SETTLED",
                    "the settlement is " + s.status + "; nothing to reverse");
            case Settlement.COMPLETED -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "UPDATE settlement SET status = 'REVERSING' WHERE setl_id = ?1 AND status = 'COMPLETED'")
                    .setParameter(1, setlId).executeUpdate());
            default -> {
                // REVERSING: drive it again; the refund command id is the same, so the ledger refunds once
            }
        }
        if (!finishReversal(s)) {
            throw unavailable();
        }
        return view(setlId);
    }

    /** Refunds by the settlement's legs (one deterministic command id) and marks it REVERSED; false if the ledger is late. */
    boolean finishReversal(Settlement s) {
        if (s.holdId != null) {
            LedgerReply r;
            try {
                r = ledger.refundHold(refundCommand(s.setlId), s.psnNo, s.holdId);
            } catch (LedgerUnavailable e) {
                return false;
            }
            if (!r.ok()) {
                throw new RuleViolation(409, r.code() == null ? "LEDGER_REFUSED" : r.code(), "Conflict",
                        "the ledger refused the refund: " + r.message());
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Settlement x = Settlement.findById(s.setlId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (!Settlement.REVERSING.equals(x.status)) {
                return;
            }
            OffsetDateTime now = now();
            x.status = Settlement.REVERSED;
            x.reversedAt = now;
            x.revsDate = now.atZoneSameInstant(zone).toLocalDate();
            if (x.holdId != null) {
                x.holdState = "REFUNDED";
            }
            outbox.publish(SettlementEvent.REVERSED, x.psnNo, SettlementEvent.REVERSED, SettlementEvent.SCHEMA_VERSION,
                    SettlementEvent.of(x));
        });
        return true;
    }

    static String refundCommand(String setlId) {
        return setlId + ":refund";
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

    public SettlementView view(String setlId) {
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

    private static long cashOf(LedgerReply r, long psnPartFen) {
        if (r.cashFen() != null) {
            return r.cashFen();
        }
        return psnPartFen - r.legsOrEmpty().stream().mapToLong(LedgerReply.Leg::amountFen).sum();
    }

    /**
     * The wallet may pay only at wallet-enabled institutions of the holder's insured place (R-WAL-4);
     * the ledger also checks the wallet's own region.
     */
    private static boolean walletOk(Checks.Checked k) {
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

    private static OffsetDateTime parseTime(String s, OffsetDateTime fallback) {
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
