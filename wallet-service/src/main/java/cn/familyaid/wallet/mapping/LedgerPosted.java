package cn.familyaid.wallet.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code ledger.posted} v1 data (key: the account owner's psn_no, or the system account code): transfers
 * posted by one operation, with why ({@code reason}) and the request they trace to ({@code reference}).
 */
public record LedgerPosted(
        String owner,
        @JsonProperty("transfer_ids") List<Long> transferIds,
        String reason,
        String reference,
        @JsonProperty("amount_fen") long amountFen) {
    public static final String TOPIC = "ledger.posted";
    public static final String TYPE = "ledger.posted";
    public static final int SCHEMA_VERSION = 1;
}
