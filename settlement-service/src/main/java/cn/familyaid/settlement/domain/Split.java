package cn.familyaid.settlement.domain;

import java.util.List;

/**
 * The split of a bill (setlinfo): psn_part_amt = medfee − fund = acct_pay + wlt_pay + psn_cash_pay,
 * acct_mulaid_pay the family part of acct_pay; payers in draw order.
 */
public record Split(long medfeeFen, long fundPayFen, long psnPartFen, long acctPayFen, long acctMulaidPayFen,
                    long wltPayFen, long psnCashPayFen, List<Leg> legs) {

    /** One account drawn: the ledger's leg. {@code relation} is SELF for the patient's own accounts. */
    public record Leg(int legNo, String psnNo, String psnName, String relation, String source, long amountFen) {
    }

    public static Split allCash(long medfeeFen, long fundPayFen) {
        long part = medfeeFen - fundPayFen;
        return new Split(medfeeFen, fundPayFen, part, 0, 0, 0, part, List.of());
    }

    /**
     * The split from the ledger's legs; refuses legs that do not fit the bill (a ledger answer that
     * breaks the split's equation must never be recorded as a settlement).
     */
    public static Split fromLegs(long medfeeFen, long fundPayFen, String patientPsnNo, List<Leg> legs, long cashFen) {
        long part = medfeeFen - fundPayFen;
        long acct = 0;
        long family = 0;
        long wallet = 0;
        for (Leg l : legs) {
            if (l.amountFen() <= 0) {
                throw new IllegalStateException("ledger leg " + l.legNo() + " has a non-positive amount");
            }
            if ("PERSONAL".equals(l.source())) {
                acct += l.amountFen();
                if (!patientPsnNo.equals(l.psnNo())) {
                    family += l.amountFen();
                }
            } else if ("WALLET".equals(l.source())) {
                wallet += l.amountFen();
            } else {
                throw new IllegalStateException("ledger leg " + l.legNo() + " has an unknown source");
            }
        }
        long cash = part - acct - wallet;
        if (cash < 0 || cash != cashFen) {
            throw new IllegalStateException("ledger legs (" + (acct + wallet) + " fen) and cash (" + cashFen
                    + " fen) do not make the personal part (" + part + " fen)");
        }
        return new Split(medfeeFen, fundPayFen, part, acct, family, wallet, cash, List.copyOf(legs));
    }

    public static String relationOf(String patientPsnNo, String legPsnNo, String ledgerRelation) {
        if (patientPsnNo.equals(legPsnNo)) {
            return "SELF";
        }
        return ledgerRelation == null ? "FAMILY" : ledgerRelation;
    }
}
