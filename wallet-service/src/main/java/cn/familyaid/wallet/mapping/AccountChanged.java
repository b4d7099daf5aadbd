package cn.familyaid.wallet.mapping;

import cn.familyaid.wallet.ledger.LedgerAccount;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code account.changed} v2 data (key psn_no): an account's status and balance after a change, the balance in fen
 * like every amount in events (v1 carried {@code balc} in yuan; no service reads this topic).
 */
public record AccountChanged(
        @JsonProperty("psn_no") String psnNo,
        String kind,
        String status,
        String admdvs,
        @JsonProperty("balc_fen") long balcFen,
        long version) {
    public static final String TOPIC = "account.changed";
    public static final String TYPE = "account.changed";
    public static final int SCHEMA_VERSION = 2;

    public static AccountChanged of(LedgerAccount a) {
        return new AccountChanged(a.psnNo(), a.kind(), a.status(), a.admdvs(), a.balance(), a.version());
    }
}
