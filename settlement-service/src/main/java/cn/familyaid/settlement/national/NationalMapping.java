package cn.familyaid.settlement.national;

import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.mapping.PayerView;
import cn.familyaid.settlement.mapping.PreSettlementView;
import cn.familyaid.settlement.mapping.SettlementView;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.rest.BillFields;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The national interface's fields and codes onto family-aid's, in one place: the input node of 2206/2207 ({@code data})
 * and 2101/2102 ({@code druginfo}) onto a {@link Bill}, and a settlement onto {@code setlinfo} + {@code setldetail[]}.
 * The code values family-aid uses are the national ones (mdtrt_cert_type 01/02/03, med_type, insutype), so they are
 * checked here, not renamed.
 */
final class NationalMapping {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final Set<String> CERT_TYPES = Set.of("01", "02", "03");
    /** fund_pay_type of personal-account money (own, family mutual aid and wallet). */
    static final String PERSONAL_ACCOUNT_FUND = "310200";
    /** fund_pay_type of the employee pooled fund (paid outside family-aid; reported as the input gave it). */
    static final String POOLED_FUND = "310100";

    private NationalMapping() {
    }

    static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            if (required) {
                throw RuleViolation.badField(field, "VALIDATION", "is required");
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw RuleViolation.badField(field, "VALIDATION", "must be a value");
        }
        String raw = v.asText();
        // checked before trimming: trim() would quietly drop a NUL or another control character at either end
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) < 0x20 && raw.charAt(i) != ' ') {
                throw RuleViolation.badField(field, "VALIDATION", "contains a control character or broken text");
            }
        }
        String s = raw.trim();
        if (s.length() > 200) {
            throw RuleViolation.badField(field, "VALIDATION", "is longer than 200 characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unpaired = Character.isHighSurrogate(c)
                    ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(++i)) : Character.isLowSurrogate(c);
            if (c < 0x20 || unpaired) {
                throw RuleViolation.badField(field, "VALIDATION", "contains a control character or broken text");
            }
        }
        return s;
    }

    /** A required text field that must match {@code pattern} (described by {@code rule}). */
    static String matching(JsonNode node, String field, String pattern, String rule) {
        String s = text(node, field, true);
        if (!s.matches(pattern)) {
            throw RuleViolation.badField(field, "VALIDATION", rule);
        }
        return s;
    }

    /** An amount (16,2) sent as a number or a string; absent → {@code absent}. */
    static BigDecimal amount(JsonNode node, String field, BigDecimal absent) {
        String s = text(node, field, absent == null);
        if (s == null) {
            return absent;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw RuleViolation.badField(field, "VALIDATION", "must be an amount such as 12.30");
        }
    }

    /**
     * The bill of a 2206/2207 {@code data} or 2101/2102 {@code druginfo} node. {@code fund_pay_sumamt} (the pooled
     * fund's part, decided outside family-aid) is taken when an upstream gateway put it in the input, else 0.
     */
    static Bill bill(String fixmedinsCode, String mdtrtareaAdmvs, JsonNode in) {
        String certType = text(in, "mdtrt_cert_type", true);
        if (!CERT_TYPES.contains(certType)) {
            throw RuleViolation.badField("mdtrt_cert_type", "VALIDATION",
                    "must be 01 (e-voucher), 02 (ID card) or 03 (social-security card)");
        }
        String acctUsed = text(in, "acct_used_flag", false);
        if (acctUsed != null && !acctUsed.matches("[01]")) {
            throw RuleViolation.badField("acct_used_flag", "VALIDATION", "must be \"0\" or \"1\"");
        }
        return BillFields.bill(fixmedinsCode, matching(in, "psn_no", ".{1,30}", "must be at most 30 characters"),
                certType, matching(in, "mdtrt_cert_no", ".{1,50}", "must be at most 50 characters"),
                matching(in, "insutype", "\\d{3}", "must be a 3-digit code such as 310 or 390"),
                matching(in, "med_type", "\\d{2}", "must be a 2-digit code such as 11 or 41"),
                amount(in, "medfee_sumamt", null),
                amount(in, "fund_pay_sumamt", BigDecimal.ZERO), acctUsed == null ? "1" : acctUsed, mdtrtareaAdmvs,
                null);
    }

    /** {@code setlinfo} of a settlement (negated amounts for a reversal) and its {@code setldetail[]}. */
    static Map<String, Object> settlement(SettlementView v, JsonNode in, String mdtrtId, boolean reversal, ZoneId zone) {
        int sign = reversal ? -1 : 1;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mdtrt_id", mdtrtId);
        s.put("setl_id", v.setlId());
        s.put("psn_no", v.psnNo());
        s.put("psn_name", v.psnName());
        s.put("insutype", in == null ? null : text(in, "insutype", false));
        s.put("mdtrt_cert_type", in == null ? null : text(in, "mdtrt_cert_type", false));
        s.put("med_type", v.medType());
        OffsetDateTime at = reversal && v.reversedAt() != null ? v.reversedAt() : v.setlTime();
        s.put("setl_time", at == null ? null : at.atZoneSameInstant(zone).format(TIME));
        amounts(s, sign, v.medfeeSumamt(), v.fundPaySumamt(), v.psnPartAmt(), v.acctPay().add(v.wltPay()),
                v.acctMulaidPay(), v.psnCashPay(), in);
        s.put("balc", v.balc());
        s.put("medins_setl_id", v.medinsSetlId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("setlinfo", s);
        out.put("setldetail", detail(sign, v.fundPaySumamt(), v.acctPay().add(v.wltPay()), v.acctMulaidPay(),
                v.wltPay(), v.payers()));
        return out;
    }

    /** {@code setlinfo} of a pre-settlement (setl_id null: nothing is settled yet; the money is held). */
    static Map<String, Object> preSettlement(PreSettlementView v, JsonNode in, String mdtrtId) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mdtrt_id", mdtrtId);
        s.put("setl_id", null);
        s.put("psn_no", v.psnNo());
        s.put("insutype", text(in, "insutype", false));
        s.put("mdtrt_cert_type", text(in, "mdtrt_cert_type", false));
        s.put("med_type", text(in, "med_type", false));
        amounts(s, 1, v.medfeeSumamt(), v.fundPaySumamt(), v.psnPartAmt(), v.acctPay().add(v.wltPay()),
                v.acctMulaidPay(), v.psnCashPay(), in);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("setlinfo", s);
        out.put("setldetail", detail(1, v.fundPaySumamt(), v.acctPay().add(v.wltPay()), v.acctMulaidPay(),
                v.wltPay(), v.payers()));
        return out;
    }

    /**
     * The money fields. medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt (0 here) and
     * psn_part_amt = acct_pay + psn_cash_pay; acct_pay includes the family's part (acct_mulaid_pay) and the wallet's.
     * The pooled fund's detail fields are echoed from the input (they are decided outside family-aid), else 0.
     */
    private static void amounts(Map<String, Object> s, int sign, BigDecimal medfee, BigDecimal fund, BigDecimal part,
                                BigDecimal acct, BigDecimal mulaid, BigDecimal cash, JsonNode in) {
        s.put("medfee_sumamt", signed(medfee, sign));
        for (String f : List.of("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")) {
            s.put(f, signed(in == null ? BigDecimal.ZERO : amount(in, f, BigDecimal.ZERO), sign));
        }
        s.put("act_pay_dedc", signed(BigDecimal.ZERO, sign));
        s.put("hifp_pay", signed(fund, sign));
        s.put("pool_prop_selfpay", BigDecimal.ZERO.setScale(4));
        for (String f : List.of("cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay")) {
            s.put(f, signed(BigDecimal.ZERO, sign));
        }
        s.put("fund_pay_sumamt", signed(fund, sign));
        s.put("psn_part_amt", signed(part, sign));
        s.put("acct_pay", signed(acct, sign));
        s.put("psn_cash_pay", signed(cash, sign));
        s.put("hosp_part_amt", signed(BigDecimal.ZERO, sign));
        s.put("acct_mulaid_pay", signed(mulaid, sign));
        // the own account's balance after it, as the ledger answered (set by the caller; null: not known)
        s.put("balc", null);
    }

    private static List<Map<String, Object>> detail(int sign, BigDecimal fund, BigDecimal acct, BigDecimal mulaid,
                                                    BigDecimal wallet, List<PayerView> payers) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (fund.signum() != 0) {
            rows.add(row(POOLED_FUND, "职工基本医疗保险统筹基金", signed(fund, sign), "统筹基金支付(由上游确定)"));
        }
        if (acct.signum() != 0) {
            rows.add(row(PERSONAL_ACCOUNT_FUND, "职工基本医疗保险个人账户基金", signed(acct, sign),
                    "个人账户支付 " + acct.subtract(mulaid).subtract(wallet).toPlainString() + "，其中家庭共济 "
                            + mulaid.toPlainString() + "，医保钱包 " + wallet.toPlainString() + "；共 "
                            + (payers == null ? 0 : payers.size()) + " 个账户"));
        }
        return rows;
    }

    private static Map<String, Object> row(String type, String name, BigDecimal amount, String info) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("fund_pay_type", type);
        r.put("inscp_scp_amt", amount);
        r.put("crt_payb_lmt_amt", BigDecimal.ZERO.setScale(2));
        r.put("fund_payamt", amount);
        r.put("fund_pay_type_name", name);
        r.put("setl_proc_info", info);
        return r;
    }

    static BigDecimal signed(BigDecimal v, int sign) {
        BigDecimal out = (v == null ? BigDecimal.ZERO : v).setScale(2);
        return sign < 0 && out.signum() != 0 ? out.negate() : out;
    }
}
