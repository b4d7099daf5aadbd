package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.problem.RuleViolation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Records a new settlement attempt before any money moves: builds its row (PENDING, attempt 1) and inserts it under
 * its idempotency key, claiming the pre-settlement it posts in the same transaction.
 */
@ApplicationScoped
public class SettlementRecorder {

    @Inject
    EntityManager em;

    /** The row of a new settlement attempt, PENDING, as the checks decided; not yet persisted. */
    static Settlement newSettlement(Institution inst, Bill bill, Checks.Checked k, String medinsSetlId,
                                    String preSetlId, String hash) {
        Settlement s = new Settlement();
        s.setlId = "S" + Rows.compactUuid();
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
        s.createdAt = Rows.now();
        s.attemptStartedAt = s.createdAt;
        return s;
    }

    /** What the counter is told when a pre-settlement it names (or matched) is no longer HELD. */
    static RuleViolation preNotHeld(PreSettlement pre) {
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
     * Inserts the settlement (and runs {@code then} in the same transaction); one that posts a pre-settlement first
     * claims it (row lock, still HELD), so a newer pre-settlement cannot supersede it while it is being settled.
     * Null when the pre-settlement is no longer HELD and was found by matching ({@code implicit}: the caller settles
     * afresh); false when the idempotency key exists.
     */
    Boolean insertClaiming(Settlement s, Runnable then, PreSettlement pre, boolean implicit) {
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
            if (Rows.isUniqueViolation(e)) {
                return false;
            }
            throw e;
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
}
