package cn.familyaid.withdrawal.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A reply of the ledger (wallet-service README "Ledger commands") to HOLD_WITHDRAWAL ({@code hold_id},
 * {@code amount_fen} held), PAYOUT ({@code hold_id}, {@code paid_fen}, {@code account_closed}) or VOID_HOLD
 * ({@code hold_id}, {@code status}); a refusal has {@code ok} false, its {@code code} and a {@code message}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerReply(@JsonProperty("command_id") String commandId,
                          boolean ok,
                          String code,
                          String message,
                          @JsonProperty("hold_id") String holdId,
                          @JsonProperty("amount_fen") Long amountFen,
                          @JsonProperty("paid_fen") Long paidFen,
                          @JsonProperty("account_closed") Boolean accountClosed,
                          String status) {

    /** Whether the PAYOUT closed the account. */
    public boolean closedAccount() {
        return Boolean.TRUE.equals(accountClosed);
    }

    /** The refusal as a person reads it: the code, and the ledger's message if it gave one. */
    public String refusal() {
        return code + (message == null || message.isEmpty() ? "" : " (" + message + ")");
    }
}
