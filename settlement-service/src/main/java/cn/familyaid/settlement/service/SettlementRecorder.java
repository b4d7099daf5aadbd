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
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;

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

    /**
     * Every column {@link Settlement} maps, in the order {@link #insertPlain} binds them; the columns it does not map
     * ({@code failed_refund_fen}, {@code failed_post_date}, {@code failed_refund_date}) stay null, as Hibernate left
     * them.
     */
    private static final String INSERT = """
            INSERT INTO settlement (setl_id, fixmedins_code, medins_setl_id, request_hash, pre_setl_id, psn_no,
                psn_name, mdtrt_cert_type, insutype, med_type, mdtrtarea_admvs, acct_used_flag, use_account,
                use_family, account_refused_by, medfee_fen, fund_pay_fen, psn_part_fen, acct_pay_fen,
                acct_mulaid_pay_fen, wlt_pay_fen, psn_cash_pay_fen, proxy_name, proxy_certno, proxy_relation, status,
                attempt, hold_id, hold_state, hold_command, failure_code, created_at, attempt_started_at, setl_time,
                setl_date, reversed_at, revs_date, balc_fen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?, ?, ?)""";

    /**
     * Inserts {@code s} in one plain statement on the connection of the caller's transaction, every mapped column
     * with the value Hibernate's {@code persist} + {@code flush} wrote (the one-shot path: no entity in the
     * persistence context, no flush). {@code s} stays a plain object, not managed. A taken idempotency key (or id)
     * throws an exception {@link Rows#isUniqueViolation} recognises, as a flush did.
     */
    static void insertPlain(EntityManager em, Settlement s) {
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                int i = 0;
                ps.setString(++i, s.setlId);
                ps.setString(++i, s.fixmedinsCode);
                ps.setString(++i, s.medinsSetlId);
                ps.setString(++i, s.requestHash);
                ps.setString(++i, s.preSetlId);
                ps.setString(++i, s.psnNo);
                ps.setString(++i, s.psnName);
                ps.setString(++i, s.mdtrtCertType);
                ps.setString(++i, s.insutype);
                ps.setString(++i, s.medType);
                ps.setString(++i, s.mdtrtareaAdmvs);
                ps.setString(++i, s.acctUsedFlag);
                ps.setBoolean(++i, s.useAccount);
                ps.setBoolean(++i, s.useFamily);
                ps.setString(++i, s.accountRefusedBy);
                ps.setLong(++i, s.medfeeFen);
                ps.setLong(++i, s.fundPayFen);
                ps.setLong(++i, s.psnPartFen);
                ps.setLong(++i, s.acctPayFen);
                ps.setLong(++i, s.acctMulaidPayFen);
                ps.setLong(++i, s.wltPayFen);
                ps.setLong(++i, s.psnCashPayFen);
                ps.setString(++i, s.proxyName);
                ps.setString(++i, s.proxyCertno);
                ps.setString(++i, s.proxyRelation);
                ps.setString(++i, s.status);
                ps.setInt(++i, s.attempt);
                ps.setString(++i, s.holdId);
                ps.setString(++i, s.holdState);
                ps.setString(++i, s.holdCommand);
                ps.setString(++i, s.failureCode);
                time(ps, ++i, s.createdAt);
                time(ps, ++i, s.attemptStartedAt);
                time(ps, ++i, s.setlTime);
                date(ps, ++i, s.setlDate);
                time(ps, ++i, s.reversedAt);
                date(ps, ++i, s.revsDate);
                Rows.setLong(ps, ++i, s.balcFen);
                ps.executeUpdate();
            }
        });
    }

    private static void time(PreparedStatement ps, int i, OffsetDateTime t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, t);
        }
    }

    private static void date(PreparedStatement ps, int i, LocalDate d) throws SQLException {
        if (d == null) {
            ps.setNull(i, Types.DATE);
        } else {
            ps.setObject(i, d);
        }
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
