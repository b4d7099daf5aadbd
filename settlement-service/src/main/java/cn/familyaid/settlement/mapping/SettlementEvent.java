package cn.familyaid.settlement.mapping;

import cn.familyaid.settlement.domain.Settlement;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;

/** {@code settlement.completed} / {@code settlement.reversed} v1 data (key psn_no), amounts in fen. */
public record SettlementEvent(
        @JsonProperty("setl_id") String setlId,
        @JsonProperty("medins_setl_id") String medinsSetlId,
        @JsonProperty("fixmedins_code") String fixmedinsCode,
        @JsonProperty("psn_no") String psnNo,
        @JsonProperty("acct_pay_fen") long acctPayFen,
        @JsonProperty("acct_mulaid_pay_fen") long acctMulaidPayFen,
        @JsonProperty("wlt_pay_fen") long wltPayFen,
        @JsonProperty("psn_cash_pay_fen") long psnCashPayFen,
        @JsonProperty("setl_time") OffsetDateTime setlTime) {
    public static final String COMPLETED = "settlement.completed";
    public static final String REVERSED = "settlement.reversed";
    public static final int SCHEMA_VERSION = 1;

    public static SettlementEvent of(Settlement s) {
        return new SettlementEvent(s.setlId, s.medinsSetlId, s.fixmedinsCode, s.psnNo, s.acctPayFen,
                s.acctMulaidPayFen, s.wltPayFen, s.psnCashPayFen, s.setlTime);
    }
}
