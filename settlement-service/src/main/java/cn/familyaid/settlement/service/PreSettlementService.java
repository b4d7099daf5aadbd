package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Split;
import cn.familyaid.settlement.mapping.PreSettlementView;
import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.messaging.LedgerReply;
import cn.familyaid.settlement.messaging.LedgerUnavailable;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Pre-settlement (预结算): the bill is checked as a settlement is, and the account money is held by the ledger
 * (HOLD_FOR_PLAN) until the settlement posts it or the hold expires. A new pre-settlement replaces the patient's
 * previous open one at the institution (R-SET-2).
 */
@ApplicationScoped
public class PreSettlementService {
    private static final Logger LOG = Logger.getLogger(PreSettlementService.class);

    @Inject
    Checks checks;

    @Inject
    LedgerClient ledger;

    @Inject
    OpenHolds openHolds;

    @Inject
    ObjectMapper json;

    @Inject
    FamilyAidConfig config;

    public PreSettlementView preSettle(Caller caller, Bill bill) {
        Institution inst = checks.institution(caller, bill.fixmedinsCode());
        Checks.Checked k = checks.check(inst, bill, LocalDate.now(config.settlement().zone()), "PRE");
        String preId = "P" + Rows.compactUuid();
        OffsetDateTime now = Rows.now();
        PreSettlement pre = new PreSettlement();
        pre.preSetlId = preId;
        pre.fixmedinsCode = inst.fixmedinsCode;
        pre.psnNo = bill.psnNo();
        pre.contentHash = bill.contentHash();
        pre.matchHash = OpenHolds.matchHash(bill, k);
        pre.medfeeFen = bill.medfeeFen();
        pre.fundPayFen = bill.fundPayFen();
        pre.psnPartFen = bill.psnPartFen();
        pre.useAccount = k.decision().useAccount();
        pre.createdAt = now;
        pre.expiresAt = now.plusSeconds(config.settlement().preHoldSeconds());
        boolean needsHold = k.decision().useAccount() && bill.psnPartFen() > 0;
        // R-SET-2: a new pre-settlement replaces the previous open one of this patient here; its hold is voided
        // before the money is held again, or the old hold would keep the own account locked and funders would pay
        if (!openHolds.release(openHolds.supersede(inst.fixmedinsCode, bill.psnNo(), null, null), needsHold)) {
            throw LedgerCalls.unavailable();
        }
        if (!needsHold) {
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
                k.decision().useFamily(), LedgerCalls.walletOk(k), LedgerCalls.ref(inst), preId,
                config.settlement().preHoldSeconds());
        QuarkusTransaction.requiringNew().run(pre::persist);
        LedgerReply r;
        try {
            r = ledger.send(bill.psnNo(), pre.holdCommand);
        } catch (LedgerUnavailable e) {
            failPre(preId, "LEDGER_TIMEOUT", "UNKNOWN");
            throw LedgerCalls.unavailable();
        }
        if (!r.ok()) {
            failPre(preId, r.code(), "NONE");
            throw LedgerCalls.refused(r);
        }
        Split split;
        try {
            split = Split.fromLegs(bill.medfeeFen(), bill.fundPayFen(), bill.psnNo(),
                    LedgerCalls.legs(bill.psnNo(), r.legsOrEmpty()), LedgerCalls.cashOf(r, bill.psnPartFen()));
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

    /** The split a pre-settlement was held with, for the settlement that posts it. */
    Split split(PreSettlement pre, Bill bill) {
        return Split.fromLegs(bill.medfeeFen(), bill.fundPayFen(), bill.psnNo(), legs(pre), pre.psnCashPayFen);
    }

    /** The legs a pre-settlement was held with, as {@link #fill} wrote them. */
    List<Split.Leg> legs(PreSettlement pre) {
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

    void fill(PreSettlement p, Split s) {
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

    private void failPre(String preId, String code, String holdState) {
        QuarkusTransaction.requiringNew().run(() -> {
            PreSettlement p = PreSettlement.findById(preId);
            p.status = PreSettlement.FAILED;
            p.failureCode = code;
            p.holdState = holdState;
        });
    }

}
