package cn.familyaid.wallet.mapping;

import cn.familyaid.wallet.domain.Money;
import cn.familyaid.wallet.service.CreditService;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/** A monthly credit as answered (the same on a replay). */
public record CreditView(@JsonProperty("request_id") String requestId, @JsonProperty("psn_no") String psnNo,
                         BigDecimal amount, String period, BigDecimal balc, @JsonProperty("entry_id") long entryId,
                         @JsonProperty("created_at") String createdAt) {
    public static CreditView of(CreditService.Credit c) {
        return new CreditView(c.requestId(), c.psnNo(), Money.toYuan(c.amountFen()), c.period(),
                Money.toYuan(c.balanceAfterFen()), c.transferId(), c.createdAt().toString());
    }
}
