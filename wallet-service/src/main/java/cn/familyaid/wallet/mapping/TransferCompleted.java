package cn.familyaid.wallet.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code transfer.completed} v1 data (key from_psn_no): a wallet transfer that completed whole (R-WAL-6). */
public record TransferCompleted(@JsonProperty("transfer_id") String transferId,
                                @JsonProperty("from_psn_no") String fromPsnNo,
                                @JsonProperty("to_psn_no") String toPsnNo,
                                String source,
                                @JsonProperty("amount_fen") long amountFen) {
    public static final String TOPIC = "transfer.completed";
    public static final String TYPE = "transfer.completed";
    public static final int SCHEMA_VERSION = 1;
}
