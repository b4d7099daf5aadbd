package cn.familyaid.wallet.messaging;

import cn.familyaid.wallet.ledger.HoldStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * A ledger command's reply (README "Ledger commands"): {@code command_id}, {@code ok}, and the fields of its shape, one
 * record per shape. Fields are the JSON's in snake case (nested records name it again: the naming is not inherited
 * by them), null ones written as null (but {@code field} and
 * {@code refunded_to}, which appear only when set); the ledger writes the keys in alphabetical order.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public sealed interface Reply {
    String commandId();

    @JsonProperty("ok")
    default boolean ok() {
        return true;
    }

    /** Why a command was refused; a refusal moves nothing. */
    enum Code {
        NOT_FOUND,
        INSUFFICIENT_BALANCE,
        ACCOUNT_FROZEN,
        ACCOUNT_CLOSED,
        HOLD_NOT_PENDING,
        HOLD_EXPIRED,
        IDEMPOTENCY_CONFLICT,
        VALIDATION,
        INTERNAL,
        /** A SETTLE that reached the ledger after its {@code not_after}: refused for good, nothing moved. */
        DEADLINE_PASSED,
        /** The requester may not send this command (its type, the hold it names, or the requester it names). */
        FORBIDDEN_COMMAND
    }

    static Refused refused(String commandId, Code code, String message) {
        return new Refused(commandId, code, message, null);
    }

    /** A refusal; {@code field} names the command's field at fault, where one is. */
    record Refused(String commandId, Code code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String field)
            implements Reply {
        @Override
        public boolean ok() {
            return false;
        }

        public Refused at(String field) {
            return new Refused(commandId, code, message, field);
        }
    }

    /** One leg of a hold as the replies list it; {@code refundedTo}: where a refund went instead of a closed account. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Leg(int legNo, String psnNo, String psnName, String source, String relation, long amountFen,
               @JsonInclude(JsonInclude.Include.NON_NULL) String refundedTo) {
    }

    /** HOLD_FOR_PLAN: the pending hold placed, its legs, the cash rest and when the hold expires. */
    record Held(String commandId, String holdId, List<Leg> legs, long cashFen, String expiresAt) implements Reply {
    }

    /** SETTLE and POST_HOLD: the posted hold, its legs, the cash rest and the beneficiary's own balance after. */
    record Posted(String commandId, String holdId, List<Leg> legs, long cashFen, Long balcFen) implements Reply {
        @JsonProperty("status")
        public HoldStatus status() {
            return HoldStatus.POSTED;
        }
    }

    /** VOID_HOLD. */
    record Voided(String commandId, String holdId) implements Reply {
        @JsonProperty("status")
        public HoldStatus status() {
            return HoldStatus.VOIDED;
        }
    }

    /** REFUND_HOLD (R-SET-7): the legs refunded, each exactly what it paid, and the beneficiary's own balance after. */
    record Refunded(String commandId, String holdId, List<Leg> legs, Long balcFen) implements Reply {
        @JsonProperty("status")
        public HoldStatus status() {
            return HoldStatus.REFUNDED;
        }
    }

    /** HOLD_WITHDRAWAL: the withdrawal hold and the amount it holds. */
    record WithdrawalHeld(String commandId, String holdId, long amountFen) implements Reply {
    }

    /** PAYOUT: what was paid out, whether the account was closed, and the holds voided to close it (R-WD-8). */
    record PaidOut(String commandId, String holdId, long paidFen, boolean accountClosed, List<String> voidedHoldIds)
            implements Reply {
    }
}
