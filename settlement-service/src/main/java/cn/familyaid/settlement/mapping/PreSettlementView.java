package cn.familyaid.settlement.mapping;

import cn.familyaid.settlement.domain.Money;
import cn.familyaid.settlement.domain.Split;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** A pre-settlement: the split with the money held until {@code expires_at}; settle with its pre_setl_id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreSettlementView(
        @JsonProperty("pre_setl_id") String preSetlId,
        @JsonProperty("fixmedins_code") String fixmedinsCode,
        @JsonProperty("psn_no") String psnNo,
        String status,
        @JsonProperty("expires_at") OffsetDateTime expiresAt,
        @JsonProperty("medfee_sumamt") BigDecimal medfeeSumamt,
        @JsonProperty("fund_pay_sumamt") BigDecimal fundPaySumamt,
        @JsonProperty("psn_part_amt") BigDecimal psnPartAmt,
        @JsonProperty("acct_pay") BigDecimal acctPay,
        @JsonProperty("acct_mulaid_pay") BigDecimal acctMulaidPay,
        @JsonProperty("wlt_pay") BigDecimal wltPay,
        @JsonProperty("psn_cash_pay") BigDecimal psnCashPay,
        List<PayerView> payers,
        @JsonProperty("account_not_used_by") String accountNotUsedBy) {

    public static PreSettlementView of(String preSetlId, String code, String psnNo, String status,
                                       OffsetDateTime expiresAt, Split s, String accountNotUsedBy) {
        return new PreSettlementView(preSetlId, code, psnNo, status, expiresAt, Money.toYuan(s.medfeeFen()),
                Money.toYuan(s.fundPayFen()), Money.toYuan(s.psnPartFen()), Money.toYuan(s.acctPayFen()),
                Money.toYuan(s.acctMulaidPayFen()), Money.toYuan(s.wltPayFen()), Money.toYuan(s.psnCashPayFen()),
                s.legs().stream().map(PayerView::of).toList(), accountNotUsedBy);
    }
}
