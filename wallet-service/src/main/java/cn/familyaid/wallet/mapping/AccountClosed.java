package cn.familyaid.wallet.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code account.closed} v1 data (key psn_no): a personal account closed (注销), e.g. after a full withdrawal. */
public record AccountClosed(@JsonProperty("psn_no") String psnNo, String kind, String reason,
                            @JsonProperty("closed_at") String closedAt) {
    public static final String TOPIC = "account.closed";
    public static final String TYPE = "account.closed";
    public static final int SCHEMA_VERSION = 1;
}
