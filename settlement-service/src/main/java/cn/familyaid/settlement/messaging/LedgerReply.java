package cn.familyaid.settlement.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A reply of the ledger (wallet-service) to one command (wallet-service README "Ledger commands (Kafka request-reply)"; settlement-service README "Events"). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerReply(
        @JsonProperty("command_id") String commandId,
        boolean ok,
        String code,
        String message,
        @JsonProperty("hold_id") String holdId,
        String status,
        List<Leg> legs,
        @JsonProperty("cash_fen") Long cashFen,
        @JsonProperty("expires_at") String expiresAt,
        /** The patient's own personal-account balance after the command (SETTLE, POST_HOLD, REFUND_HOLD). */
        @JsonProperty("balc_fen") Long balcFen) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Leg(@JsonProperty("leg_no") int legNo,
                      @JsonProperty("psn_no") String psnNo,
                      @JsonProperty("psn_name") String psnName,
                      String source,
                      String relation,
                      @JsonProperty("amount_fen") long amountFen) {
    }

    public List<Leg> legsOrEmpty() {
        return legs == null ? List.of() : legs;
    }
}
