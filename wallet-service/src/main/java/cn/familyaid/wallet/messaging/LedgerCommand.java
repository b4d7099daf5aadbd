package cn.familyaid.wallet.messaging;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A ledger command on a requester's command topic (README "Ledger commands"): one record per type, read from the JSON
 * by its {@code type} ({@link #typeOf}); a type the ledger does not know reads as {@link Unknown} and is refused.
 * Fields are the JSON's in snake case; unknown fields are ignored. Every command may name its {@code requester}, the
 * service sending it, which must be the one whose command topic it arrived on (null in-process: benchmarks, tests).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public sealed interface LedgerCommand {
    String HOLD_FOR_PLAN = "HOLD_FOR_PLAN";
    /** A one-shot settlement: allocated and posted in one ledger transaction. */
    String SETTLE = "SETTLE";
    String POST_HOLD = "POST_HOLD";
    String VOID_HOLD = "VOID_HOLD";
    String REFUND_HOLD = "REFUND_HOLD";
    String HOLD_WITHDRAWAL = "HOLD_WITHDRAWAL";
    String PAYOUT = "PAYOUT";

    String commandId();

    /** The type as sent (written with the command's other fields). */
    @JsonProperty("type")
    String type();

    String requester();

    /** The record a command of this type is read as. */
    static Class<? extends LedgerCommand> typeOf(String type) {
        return switch (type == null ? "" : type) {
            case SETTLE -> Settle.class;
            case HOLD_FOR_PLAN -> HoldForPlan.class;
            case POST_HOLD -> PostHold.class;
            case VOID_HOLD -> VoidHold.class;
            case REFUND_HOLD -> RefundHold.class;
            case HOLD_WITHDRAWAL -> HoldWithdrawal.class;
            case PAYOUT -> Payout.class;
            default -> Unknown.class;
        };
    }

    /** A SETTLE command in-process (benchmarks, tests). */
    static Settle settle(String commandId, String beneficiaryPsnNo, long amountFen, boolean useFamily,
                         Institution institution, String reference, String notAfter) {
        return new Settle(commandId, beneficiaryPsnNo, amountFen, true, useFamily, institution, reference,
                notAfter == null ? null : NotAfter.of(notAfter), null);
    }

    /** What a funding plan pays (HOLD_FOR_PLAN, SETTLE): a bill of a beneficiary at an institution. */
    sealed interface Bill extends LedgerCommand {
        String beneficiaryPsnNo();

        Long amountFen();

        Boolean useAccount();

        Boolean useFamily();

        Institution institution();

        String reference();
    }

    /** A one-shot settlement, allocated and posted at once; refused after {@code notAfter}. */
    record Settle(String commandId, String beneficiaryPsnNo, Long amountFen, Boolean useAccount, Boolean useFamily,
                  Institution institution, String reference, NotAfter notAfter, String requester) implements Bill {
        @Override
        public String type() {
            return SETTLE;
        }
    }

    /** A funding plan's pending hold, expiring after {@code expiresInSeconds} (default 900). */
    record HoldForPlan(String commandId, String beneficiaryPsnNo, Long amountFen, Boolean useAccount,
                       Boolean useFamily, Institution institution, String reference, Integer expiresInSeconds,
                       String requester) implements Bill {
        /** In-process: no requester. */
        public HoldForPlan(String commandId, String beneficiaryPsnNo, Long amountFen, Boolean useAccount,
                           Boolean useFamily, Institution institution, String reference, Integer expiresInSeconds) {
            this(commandId, beneficiaryPsnNo, amountFen, useAccount, useFamily, institution, reference,
                    expiresInSeconds, null);
        }

        @Override
        public String type() {
            return HOLD_FOR_PLAN;
        }
    }

    record PostHold(String commandId, String holdId, String requester) implements LedgerCommand {
        /** In-process: no requester. */
        public PostHold(String commandId, String holdId) {
            this(commandId, holdId, null);
        }

        @Override
        public String type() {
            return POST_HOLD;
        }
    }

    record VoidHold(String commandId, String holdId, String requester) implements LedgerCommand {
        /** In-process: no requester. */
        public VoidHold(String commandId, String holdId) {
            this(commandId, holdId, null);
        }

        @Override
        public String type() {
            return VOID_HOLD;
        }
    }

    record RefundHold(String commandId, String holdId, String requester) implements LedgerCommand {
        /** In-process: no requester. */
        public RefundHold(String commandId, String holdId) {
            this(commandId, holdId, null);
        }

        @Override
        public String type() {
            return REFUND_HOLD;
        }
    }

    /** A withdrawal's hold on a person's account: {@code amountFen}, or all that is available when null. */
    record HoldWithdrawal(String commandId, String psnNo, Long amountFen, String reference, String requester)
            implements LedgerCommand {
        /** In-process: no requester. */
        public HoldWithdrawal(String commandId, String psnNo, Long amountFen, String reference) {
            this(commandId, psnNo, amountFen, reference, null);
        }

        @Override
        public String type() {
            return HOLD_WITHDRAWAL;
        }
    }

    record Payout(String commandId, String holdId, Boolean closeAccount, String requester) implements LedgerCommand {
        /** In-process: no requester. */
        public Payout(String commandId, String holdId, Boolean closeAccount) {
            this(commandId, holdId, closeAccount, null);
        }

        @Override
        public String type() {
            return PAYOUT;
        }
    }

    /** A command of a type the ledger does not know (or none): refused, its id claimed like any other's. */
    record Unknown(String commandId, String type, String requester) implements LedgerCommand {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Institution(
            @JsonProperty("fixmedins_code") String fixmedinsCode,
            @JsonProperty("fixmedins_type") String fixmedinsType,
            String admdvs,
            @JsonProperty("wallet_enabled") Boolean walletEnabled) {
    }

    /**
     * SETTLE's deadline: the instant (ISO-8601 with offset) after which the ledger refuses the command, the caller
     * having given up then. {@code text} as sent (written back as it came), {@code at} parsed once on arrival (null
     * when the text is no such date-time).
     */
    record NotAfter(@JsonValue String text, @JsonIgnore OffsetDateTime at) {
        public static NotAfter of(String text) {
            try {
                return new NotAfter(text, OffsetDateTime.parse(text));
            } catch (DateTimeParseException e) {
                return new NotAfter(text, null);
            }
        }

        /** From the JSON: any scalar is read as its text, as a string field reads it. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static NotAfter read(JsonNode value) {
            if (!value.isValueNode()) {
                throw new IllegalArgumentException("not_after must be a string");
            }
            return of(value.asText());
        }
    }
}
