package cn.familyaid.wallet.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A ledger command on a requester's command topic (README "Ledger commands"), all types in one record; each type reads its
 * own fields. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerCommand(
        @JsonProperty("command_id") String commandId,
        String type,
        @JsonProperty("beneficiary_psn_no") String beneficiaryPsnNo,
        @JsonProperty("amount_fen") Long amountFen,
        @JsonProperty("use_account") Boolean useAccount,
        @JsonProperty("use_family") Boolean useFamily,
        Institution institution,
        String reference,
        @JsonProperty("expires_in_seconds") Integer expiresInSeconds,
        @JsonProperty("hold_id") String holdId,
        @JsonProperty("psn_no") String psnNo,
        @JsonProperty("close_account") Boolean closeAccount,
        /** The service sending the command; must be the one whose command topic it arrived on. */
        String requester,
        /** SETTLE: the instant (ISO-8601 with offset) after which the ledger refuses it; the caller gives up then. */
        @JsonProperty("not_after") String notAfter) {

    /** A command without a requester: in-process callers (benchmarks, tests). */
    public LedgerCommand(String commandId, String type, String beneficiaryPsnNo, Long amountFen, Boolean useAccount,
                         Boolean useFamily, Institution institution, String reference, Integer expiresInSeconds,
                         String holdId, String psnNo, Boolean closeAccount) {
        this(commandId, type, beneficiaryPsnNo, amountFen, useAccount, useFamily, institution, reference,
                expiresInSeconds, holdId, psnNo, closeAccount, null, null);
    }

    /** A SETTLE command in-process (benchmarks, tests). */
    public static LedgerCommand settle(String commandId, String beneficiaryPsnNo, long amountFen, boolean useFamily,
                                       Institution institution, String reference, String notAfter) {
        return new LedgerCommand(commandId, SETTLE, beneficiaryPsnNo, amountFen, true, useFamily, institution,
                reference, null, null, null, null, null, notAfter);
    }

    public static final String HOLD_FOR_PLAN = "HOLD_FOR_PLAN";
    /** A one-shot settlement: allocated and posted in one ledger transaction. */
    public static final String SETTLE = "SETTLE";
    public static final String POST_HOLD = "POST_HOLD";
    public static final String VOID_HOLD = "VOID_HOLD";
    public static final String REFUND_HOLD = "REFUND_HOLD";
    public static final String HOLD_WITHDRAWAL = "HOLD_WITHDRAWAL";
    public static final String PAYOUT = "PAYOUT";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Institution(
            @JsonProperty("fixmedins_code") String fixmedinsCode,
            @JsonProperty("fixmedins_type") String fixmedinsType,
            String admdvs,
            @JsonProperty("wallet_enabled") Boolean walletEnabled) {
    }
}
