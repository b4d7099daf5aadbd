package cn.familyaid.settlement.messaging;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The ledger commands this service sends (wallet-service README "Ledger commands"), one record per command, as they
 * go on the wire. Every command names its requester: the ledger refuses one that names another than the topic it
 * arrived on.
 */
public final class LedgerCommands {
    /** The requester this service is. */
    public static final String REQUESTER = "settlement-service";

    private LedgerCommands() {
    }

    /** The institution as the ledger sees it (the wallet pays only at wallet-enabled ones of its region). */
    public record Institution(@JsonProperty("fixmedins_code") String fixmedinsCode,
                              @JsonProperty("fixmedins_type") String fixmedinsType,
                              String admdvs,
                              @JsonProperty("wallet_enabled") boolean walletEnabled) {
    }

    /** A one-shot settlement: allocated and posted in one ledger transaction, refused after {@code not_after}. */
    public record Settle(@JsonProperty("command_id") String commandId,
                         String type,
                         String requester,
                         @JsonProperty("beneficiary_psn_no") String beneficiaryPsnNo,
                         @JsonProperty("amount_fen") long amountFen,
                         @JsonProperty("use_account") boolean useAccount,
                         @JsonProperty("use_family") boolean useFamily,
                         @JsonProperty("wallet_admdvs_ok") boolean walletAdmdvsOk,
                         Institution institution,
                         String reference,
                         @JsonProperty("not_after") String notAfter) {
        public Settle {
            type = "SETTLE";
            requester = REQUESTER;
        }
    }

    /** A pre-settlement's hold: allocated and held until posted, voided or expired. */
    public record HoldForPlan(@JsonProperty("command_id") String commandId,
                              String type,
                              String requester,
                              @JsonProperty("beneficiary_psn_no") String beneficiaryPsnNo,
                              @JsonProperty("amount_fen") long amountFen,
                              @JsonProperty("use_account") boolean useAccount,
                              @JsonProperty("use_family") boolean useFamily,
                              @JsonProperty("wallet_admdvs_ok") boolean walletAdmdvsOk,
                              Institution institution,
                              String reference,
                              @JsonProperty("expires_in_seconds") int expiresInSeconds) {
        public HoldForPlan {
            type = "HOLD_FOR_PLAN";
            requester = REQUESTER;
        }
    }

    /** POST_HOLD, VOID_HOLD or REFUND_HOLD of one hold. */
    public record OnHold(@JsonProperty("command_id") String commandId,
                         String type,
                         String requester,
                         @JsonProperty("hold_id") String holdId) {
        public OnHold {
            if (!type.equals("POST_HOLD") && !type.equals("VOID_HOLD") && !type.equals("REFUND_HOLD")) {
                throw new IllegalArgumentException("not a command on a hold: " + type);
            }
            requester = REQUESTER;
        }
    }
}
