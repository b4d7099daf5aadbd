package cn.familyaid.withdrawal.mapping;

import cn.familyaid.withdrawal.domain.Withdrawal;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code withdrawal.changed} v1 [key psn_no] (README "Events"): published through the outbox on every status
 * change. {@code amount_fen}: paid when PAID, held when APPROVED (and what was held, now released, when
 * CANCELLED), else the amount asked (null for a full withdrawal before approval: the whole balance).
 */
public record WithdrawalChanged(
        @JsonProperty("withdrawal_id") String withdrawalId,
        @JsonProperty("psn_no") String psnNo,
        String reason,
        String status,
        @JsonProperty("amount_fen") Long amountFen,
        @JsonProperty("account_closed") boolean accountClosed) {

    public static final String TOPIC = "withdrawal.changed";
    public static final String TYPE = "withdrawal.changed";
    public static final int SCHEMA_VERSION = 1;

    public static WithdrawalChanged of(Withdrawal w) {
        Long amount = w.paidFen != null ? w.paidFen : w.heldFen != null ? w.heldFen : w.requestedFen;
        return new WithdrawalChanged(w.id.toString(), w.psnNo, w.reason.name(), w.status.name(), amount,
                w.accountClosed);
    }
}
