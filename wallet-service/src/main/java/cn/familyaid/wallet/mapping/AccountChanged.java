package cn.familyaid.wallet.mapping;

import cn.familyaid.wallet.domain.Money;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/** {@code account.changed} v1 data (key psn_no): an account's status and balance after a change. */
public record AccountChanged(
        @JsonProperty("psn_no") String psnNo,
        String kind,
        String status,
        String admdvs,
        BigDecimal balc,
        long version) {
    public static final String TOPIC = "account.changed";
    public static final String TYPE = "account.changed";
    public static final int SCHEMA_VERSION = 1;

    public static AccountChanged of(cn.familyaid.wallet.ledger.LedgerAccount a) {
        return new AccountChanged(a.psnNo(), a.kind(), a.status(), a.admdvs(), Money.toYuan(a.balance()), a.version());
    }
}
