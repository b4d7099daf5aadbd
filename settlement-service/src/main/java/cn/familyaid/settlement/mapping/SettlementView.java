package cn.familyaid.settlement.mapping;

import cn.familyaid.settlement.domain.Masking;
import cn.familyaid.settlement.domain.Money;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.domain.Split;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** A settlement as the API shows it: identifiers, status and the split (setlinfo) with payers[]. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SettlementView(
        @JsonProperty("setl_id") String setlId,
        @JsonProperty("medins_setl_id") String medinsSetlId,
        @JsonProperty("pre_setl_id") String preSetlId,
        @JsonProperty("fixmedins_code") String fixmedinsCode,
        @JsonProperty("psn_no") String psnNo,
        @JsonProperty("psn_name") String psnName,
        @JsonProperty("med_type") String medType,
        String status,
        @JsonProperty("setl_time") OffsetDateTime setlTime,
        @JsonProperty("medfee_sumamt") BigDecimal medfeeSumamt,
        @JsonProperty("fund_pay_sumamt") BigDecimal fundPaySumamt,
        @JsonProperty("psn_part_amt") BigDecimal psnPartAmt,
        @JsonProperty("acct_pay") BigDecimal acctPay,
        @JsonProperty("acct_mulaid_pay") BigDecimal acctMulaidPay,
        @JsonProperty("wlt_pay") BigDecimal wltPay,
        @JsonProperty("psn_cash_pay") BigDecimal psnCashPay,
        List<PayerView> payers,
        @JsonProperty("account_not_used_by") String accountNotUsedBy,
        ProxyView proxy,
        @JsonProperty("reversed_at") OffsetDateTime reversedAt,
        /** The patient's own personal-account balance after it (absent when the ledger was not asked). */
        BigDecimal balc) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProxyView(@JsonProperty("psn_name") String psnName, String certno, String relation) {
    }

    public static SettlementView of(Settlement s) {
        return of(s, s.split());
    }

    /** The view of a settlement whose split (payers) the caller has at hand. */
    public static SettlementView of(Settlement s, Split split) {
        return new SettlementView(s.setlId, s.medinsSetlId, s.preSetlId, s.fixmedinsCode, s.psnNo,
                Masking.name(s.psnName), s.medType, s.status, s.setlTime,
                Money.toYuan(s.medfeeFen), Money.toYuan(s.fundPayFen), Money.toYuan(s.psnPartFen),
                Money.toYuan(s.acctPayFen), Money.toYuan(s.acctMulaidPayFen), Money.toYuan(s.wltPayFen),
                Money.toYuan(s.psnCashPayFen), split.legs().stream().map(PayerView::of).toList(),
                s.accountRefusedBy,
                s.proxyName == null ? null : new ProxyView(Masking.name(s.proxyName), Masking.certno(s.proxyCertno),
                        s.proxyRelation),
                s.reversedAt, s.balcFen == null ? null : Money.toYuan(s.balcFen));
    }
}
