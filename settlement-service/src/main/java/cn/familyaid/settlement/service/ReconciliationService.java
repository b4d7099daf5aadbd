package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.mapping.ReconciliationView;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;

/**
 * 对账 (R-SET-8): per institution and day, counts and totals by source of what was settled and what
 * was reversed. Account money (own personal, family personal, wallet) is what the ledger posted to
 * the institution's clearing account, and refunded from it; cash never touches the ledger.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ReconciliationService {

    @Inject
    EntityManager em;

    public ReconciliationView day(Caller caller, String code, LocalDate date) {
        Institution inst = Institution.findById(code);
        boolean self = caller.is(Caller.INSTITUTION) && code.equals(caller.fixmedinsCode());
        if (!self) {
            if (!caller.is(Caller.AGENCY)) {
                throw RuleViolation.forbidden("R-SET-8", "only the institution itself and the agency of its region reconcile");
            }
            if (inst == null) {
                throw RuleViolation.notFound("institution " + code);
            }
            caller.requireScope(inst.admdvs);
        }
        if (inst == null) {
            throw RuleViolation.notFound("institution " + code);
        }
        ReconciliationView.Totals settled = totals("setl_date = ?2 AND status IN ('COMPLETED', 'REVERSING', 'REVERSED')",
                code, date);
        ReconciliationView.Totals reversed = totals("revs_date = ?2 AND status = 'REVERSED'", code, date);
        // failed attempts the ledger had posted and the resolver refunded: in the ledger's gross clearing totals
        long failedPosted = sum("failed_post_date", code, date);
        long failedRefunded = sum("failed_refund_date", code, date);
        return ReconciliationView.of(code, date, settled, reversed, failedPosted, failedRefunded);
    }

    private ReconciliationView.Totals totals(String where, String code, LocalDate date) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT count(*), coalesce(sum(medfee_fen), 0), "
                        + "coalesce(sum(psn_part_fen), 0), coalesce(sum(acct_pay_fen - acct_mulaid_pay_fen), 0), "
                        + "coalesce(sum(acct_mulaid_pay_fen), 0), coalesce(sum(wlt_pay_fen), 0), "
                        + "coalesce(sum(psn_cash_pay_fen), 0), "
                        + "count(*) FILTER (WHERE acct_pay_fen > acct_mulaid_pay_fen), "
                        + "count(*) FILTER (WHERE acct_mulaid_pay_fen > 0), count(*) FILTER (WHERE wlt_pay_fen > 0), "
                        + "count(*) FILTER (WHERE psn_cash_pay_fen > 0) FROM settlement WHERE fixmedins_code = ?1 AND " + where)
                .setParameter(1, code).setParameter(2, date).getSingleResult();
        return new ReconciliationView.Totals(n(r[0]), n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]), n(r[6]),
                new long[]{n(r[7]), n(r[8]), n(r[9]), n(r[10])});
    }

    private long sum(String dateColumn, String code, LocalDate date) {
        return n(em.createNativeQuery("SELECT coalesce(sum(failed_refund_fen), 0) FROM settlement "
                        + "WHERE fixmedins_code = ?1 AND failed_refund_fen IS NOT NULL AND " + dateColumn + " = ?2")
                .setParameter(1, code).setParameter(2, date).getSingleResult());
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
