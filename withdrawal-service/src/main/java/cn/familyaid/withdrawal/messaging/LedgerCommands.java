package cn.familyaid.withdrawal.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The ledger commands this service sends (wallet-service README "Ledger commands"), one record per command, as they
 * go on the wire. Each fixes its own type and names its requester: the ledger refuses a command that names another
 * requester than the topic it arrived on. None of them carries a deadline: the ledger honours {@code not_after} on
 * SETTLE only.
 */
public final class LedgerCommands {
    /** The requester this service is. */
    public static final String REQUESTER = "withdrawal-service";

    private LedgerCommands() {
    }

    /** A command as the journal stores it: by its id and type. */
    public sealed interface Command permits HoldWithdrawal, Payout, VoidHold {
        String commandId();

        String type();
    }

    /** R-WD-10: the amount held from approval; {@code amount_fen} null (sent as null) holds the whole balance. */
    public record HoldWithdrawal(@JsonProperty("command_id") String commandId,
                                 String type,
                                 String requester,
                                 @JsonProperty("psn_no") String psnNo,
                                 @JsonProperty("amount_fen") @JsonInclude(JsonInclude.Include.ALWAYS) Long amountFen,
                                 String reference) implements Command {
        public HoldWithdrawal {
            type = "HOLD_WITHDRAWAL";
            requester = REQUESTER;
        }

        public HoldWithdrawal(String commandId, String psnNo, Long amountFen, String reference) {
            this(commandId, null, null, psnNo, amountFen, reference);
        }
    }

    /** R-WD-8: pays the hold out; {@code close_account} for a full withdrawal (everything left goes with it). */
    public record Payout(@JsonProperty("command_id") String commandId,
                         String type,
                         String requester,
                         @JsonProperty("hold_id") String holdId,
                         @JsonProperty("close_account") boolean closeAccount) implements Command {
        public Payout {
            type = "PAYOUT";
            requester = REQUESTER;
        }

        public Payout(String commandId, String holdId, boolean closeAccount) {
            this(commandId, null, null, holdId, closeAccount);
        }
    }

    /** Voids the application's hold (rejected after a hold whose answer was lost; or R-WD-1, died before payout). */
    public record VoidHold(@JsonProperty("command_id") String commandId,
                           String type,
                           String requester,
                           @JsonProperty("hold_id") String holdId) implements Command {
        public VoidHold {
            type = "VOID_HOLD";
            requester = REQUESTER;
        }

        public VoidHold(String commandId, String holdId) {
            this(commandId, null, null, holdId);
        }
    }
}
