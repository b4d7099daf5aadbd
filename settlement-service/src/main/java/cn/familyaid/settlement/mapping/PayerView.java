package cn.familyaid.settlement.mapping;

import cn.familyaid.settlement.domain.Masking;
import cn.familyaid.settlement.domain.Money;
import cn.familyaid.settlement.domain.Split;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/** One row of payers[]: an account drawn, in draw order; the name masked. */
public record PayerView(@JsonProperty("psn_no") String psnNo, @JsonProperty("psn_name") String psnName,
                        String relation, String source, BigDecimal amount) {
    public static PayerView of(Split.Leg l) {
        return new PayerView(l.psnNo(), Masking.name(l.psnName()), l.relation(), l.source(), Money.toYuan(l.amountFen()));
    }
}
