package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Money;
import cn.familyaid.settlement.problem.RuleViolation;

import java.math.BigDecimal;

/** Turns the wire fields shared by pre-settlement and settlement into a {@link Bill} in fen. */
public final class BillFields {
    private BillFields() {
    }

    public static Bill bill(String fixmedinsCode, String psnNo, String mdtrtCertType, String mdtrtCertNo, String insutype,
                     String medType, BigDecimal medfee, BigDecimal fund, String acctUsedFlag, String mdtrtareaAdmvs,
                     ProxyRequest proxy) {
        long medfeeFen = Money.toFen(medfee, "medfee_sumamt");
        long fundFen = Money.toFen(fund, "fund_pay_sumamt");
        if (fundFen > medfeeFen) {
            throw RuleViolation.badField("fund_pay_sumamt", "VALIDATION", "must not exceed medfee_sumamt");
        }
        return new Bill(fixmedinsCode, psnNo, mdtrtCertType, mdtrtCertNo.trim(), insutype, medType, medfeeFen, fundFen,
                acctUsedFlag, mdtrtareaAdmvs,
                proxy == null ? null : new Bill.Proxy(proxy.psnName(), proxy.certno(), proxy.relation()));
    }
}
