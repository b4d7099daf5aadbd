package cn.familyaid.withdrawal.domain;

import cn.familyaid.withdrawal.domain.Withdrawal.Status;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A withdrawal's ledger steps as a state machine, in plain Java: the application's status and where its money is,
 * the legal moves, and how each answer of the ledger to a step moves the application. The services store each
 * command with the application before sending it, send it, and persist the state this class decides.
 *
 * <p>The steps: HOLD at approval (the application is APPROVED only once the money is held, R-WD-10), then PAYOUT
 * (PAID); VOID of the hold an application may have when it is rejected (its approval went unanswered, so the hold is
 * asked again with the stored HOLD first), or of an approved own withdrawal whose person died before payout
 * (CANCELLED, R-WD-1). The money never diverges from the record: APPROVED exactly while HELD, PAID exactly when
 * paid, CANCELLED only once released.
 */
public final class LedgerSteps {
    private LedgerSteps() {
    }

    /** Where the application's money is at the ledger. */
    public enum Money {
        /** Nothing held: no hold was asked for, or the ledger refused it. */
        NONE,
        /** A hold was asked for and not answered for good: the ledger may hold it. */
        UNKNOWN,
        /** Held (pending) for the application. */
        HELD,
        /** Paid out of the hold. */
        PAID,
        /** No hold is left of what was asked: voided, or refused when asked again. */
        RELEASED
    }

    /** A ledger command of a withdrawal. */
    public enum Step { HOLD, PAYOUT, VOID }

    /** How the ledger answered a command (or did not). */
    public enum Answer {
        /** Executed. */
        OK,
        /** Refused for good (stored by the ledger with the command id): nothing moved by this command. */
        REFUSED,
        /** HOLD_NOT_PENDING: the hold was resolved already (posted or voided). */
        NOT_PENDING,
        /** HOLD_EXPIRED: the ledger released the hold itself. */
        EXPIRED,
        /** IDEMPOTENCY_CONFLICT: the ledger knows the command id with another body; what it did is not known. */
        CONFLICT,
        /** INTERNAL: the ledger rolled the command back and stored nothing; the same command may be sent again. */
        ROLLED_BACK,
        /** No answer in time: the command may have run. */
        TIMEOUT;

        /** The answer of a ledger reply. */
        public static Answer of(boolean ok, String code) {
            if (ok) {
                return OK;
            }
            if (code == null) {
                return REFUSED;
            }
            return switch (code) {
                case "HOLD_NOT_PENDING" -> NOT_PENDING;
                case "HOLD_EXPIRED" -> EXPIRED;
                case "IDEMPOTENCY_CONFLICT" -> CONFLICT;
                case "INTERNAL" -> ROLLED_BACK;
                default -> REFUSED;
            };
        }
    }

    /** What an answer means for the caller. */
    public enum Effect {
        /** The application moves to the outcome's state. */
        MOVED,
        /** Nothing is known for good: the state stays, and the same stored command is sent again later. */
        RETRY,
        /** The ledger refused for good: at approval a 409, after it an operator's case ({@code ledger_error}). */
        REFUSED,
        /** The hold of an approved application is no longer pending because its PAYOUT went through: ask it. */
        ASK_PAYOUT
    }

    public record State(Status status, Money money) {
        /**
         * The state of a stored application: {@code holdAsked} whether its HOLD command was stored (so may have been
         * sent), {@code holdReleased} whether the ledger confirmed that nothing is held for it any more.
         */
        public static State of(Status status, boolean holdAsked, boolean holdReleased) {
            Money money = switch (status) {
                case SUBMITTED -> holdAsked ? Money.UNKNOWN : Money.NONE;
                case APPROVED -> Money.HELD;
                case PAID -> Money.PAID;
                case CANCELLED -> Money.RELEASED;
                case REJECTED -> !holdAsked ? Money.NONE : holdReleased ? Money.RELEASED : Money.UNKNOWN;
            };
            return new State(status, money);
        }
    }

    /** Where an answer leaves the application, and what the caller does about it. */
    public record Outcome(State next, Effect effect) {
    }

    private static final Map<Status, Set<Status>> STATUS_MOVES = Map.of(
            Status.SUBMITTED, EnumSet.of(Status.APPROVED, Status.REJECTED),
            Status.APPROVED, EnumSet.of(Status.PAID, Status.CANCELLED),
            Status.PAID, EnumSet.noneOf(Status.class),
            Status.REJECTED, EnumSet.noneOf(Status.class),
            Status.CANCELLED, EnumSet.noneOf(Status.class));

    /** Where the money of an application in each status may be. */
    private static final Map<Status, Set<Money>> MONEY_OF = Map.of(
            Status.SUBMITTED, EnumSet.of(Money.NONE, Money.UNKNOWN),
            Status.APPROVED, EnumSet.of(Money.HELD),
            Status.PAID, EnumSet.of(Money.PAID),
            Status.REJECTED, EnumSet.of(Money.NONE, Money.UNKNOWN, Money.HELD, Money.RELEASED),
            Status.CANCELLED, EnumSet.of(Money.RELEASED));

    /**
     * How money moves while the status stays: a SUBMITTED application's hold asked (unanswered) or refused; a
     * REJECTED one's hold learnt (asked again) and released. Nothing else moves without a change of status.
     */
    private static final Map<State, Set<Money>> MONEY_MOVES = Map.of(
            new State(Status.SUBMITTED, Money.NONE), EnumSet.of(Money.UNKNOWN),
            new State(Status.SUBMITTED, Money.UNKNOWN), EnumSet.of(Money.NONE),
            new State(Status.REJECTED, Money.UNKNOWN), EnumSet.of(Money.HELD, Money.RELEASED),
            new State(Status.REJECTED, Money.HELD), EnumSet.of(Money.RELEASED));

    /** Whether an application can be in this state at all. */
    public static boolean possible(State s) {
        return MONEY_OF.get(s.status()).contains(s.money());
    }

    /**
     * Whether {@code from → to} is a legal move: staying where it is; money moving within a status
     * (as MONEY_MOVES lists); or a status move, to where that status's money can be (APPROVED: held, PAID: paid,
     * CANCELLED: released), a rejection keeping the money where it is.
     */
    public static boolean legal(State from, State to) {
        if (!possible(from) || !possible(to)) {
            return false;
        }
        if (from.status() == to.status()) {
            return from.money() == to.money() || MONEY_MOVES.getOrDefault(from, Set.of()).contains(to.money());
        }
        return STATUS_MOVES.get(from.status()).contains(to.status())
                && (to.status() != Status.REJECTED || from.money() == to.money());
    }

    /** Whether the ledger holds nothing for the application any more (or never did): no VOID is owed. */
    public static boolean released(Money m) {
        return m == Money.NONE || m == Money.RELEASED;
    }

    /** A REJECT or FORGED decision on a SUBMITTED application: its money stays where it is. */
    public static State rejected(State from) {
        if (from.status() != Status.SUBMITTED) {
            throw new IllegalStateException("no rejection of a " + from.status() + " application");
        }
        return checked(from, new State(Status.REJECTED, from.money()));
    }

    /**
     * How the ledger's answer to a step moves the application. {@code payoutSent}: the application's PAYOUT was
     * stored (and may have gone through), which only a VOID of an approved application asks.
     *
     * @throws IllegalStateException when the step is not one the application can take in this state
     */
    public static Outcome answer(State from, Step step, Answer a, boolean payoutSent) {
        Outcome o = switch (step) {
            case HOLD -> hold(from, a);
            case PAYOUT -> payout(from, a);
            case VOID -> voidHold(from, a, payoutSent);
        };
        checked(from, o.next());
        return o;
    }

    private static Outcome hold(State from, Answer a) {
        if (from.status() == Status.SUBMITTED && possible(from)) {
            // at approval: APPROVED only once the money is held
            return switch (a) {
                case OK -> new Outcome(new State(Status.APPROVED, Money.HELD), Effect.MOVED);
                case REFUSED, NOT_PENDING, EXPIRED -> new Outcome(new State(Status.SUBMITTED, Money.NONE),
                        Effect.REFUSED);
                case CONFLICT -> new Outcome(new State(Status.SUBMITTED, Money.UNKNOWN), Effect.REFUSED);
                case ROLLED_BACK, TIMEOUT -> new Outcome(new State(Status.SUBMITTED, Money.UNKNOWN), Effect.RETRY);
            };
        }
        if (from.status() == Status.REJECTED && from.money() == Money.UNKNOWN) {
            // asked again for a rejected application: the ledger answers its stored reply (or holds it now)
            return switch (a) {
                case OK -> new Outcome(new State(Status.REJECTED, Money.HELD), Effect.MOVED);
                case REFUSED, NOT_PENDING, EXPIRED -> new Outcome(new State(Status.REJECTED, Money.RELEASED),
                        Effect.MOVED);
                case CONFLICT -> new Outcome(from, Effect.REFUSED);
                case ROLLED_BACK, TIMEOUT -> new Outcome(from, Effect.RETRY);
            };
        }
        throw new IllegalStateException("no HOLD from " + from);
    }

    private static Outcome payout(State from, Answer a) {
        if (from.status() != Status.APPROVED || from.money() != Money.HELD) {
            throw new IllegalStateException("no PAYOUT from " + from);
        }
        return switch (a) {
            case OK -> new Outcome(new State(Status.PAID, Money.PAID), Effect.MOVED);
            case ROLLED_BACK, TIMEOUT -> new Outcome(from, Effect.RETRY);
            case REFUSED, NOT_PENDING, EXPIRED, CONFLICT -> new Outcome(from, Effect.REFUSED);
        };
    }

    private static Outcome voidHold(State from, Answer a, boolean payoutSent) {
        if (from.money() != Money.HELD) {
            throw new IllegalStateException("no VOID from " + from);
        }
        if (from.status() == Status.REJECTED) {
            return switch (a) {
                // voided now, or no longer pending (voided or expired already): nothing is held
                case OK, NOT_PENDING, EXPIRED -> new Outcome(new State(Status.REJECTED, Money.RELEASED), Effect.MOVED);
                case ROLLED_BACK, TIMEOUT -> new Outcome(from, Effect.RETRY);
                case REFUSED, CONFLICT -> new Outcome(from, Effect.REFUSED);
            };
        }
        if (from.status() == Status.APPROVED) {
            // R-WD-1: the person died before payout; not paid unless the payout went through before the death was known
            return switch (a) {
                case OK -> new Outcome(new State(Status.CANCELLED, Money.RELEASED), Effect.MOVED);
                case NOT_PENDING -> new Outcome(from, payoutSent ? Effect.ASK_PAYOUT : Effect.REFUSED);
                case ROLLED_BACK, TIMEOUT -> new Outcome(from, Effect.RETRY);
                case REFUSED, EXPIRED, CONFLICT -> new Outcome(from, Effect.REFUSED);
            };
        }
        throw new IllegalStateException("no VOID from " + from);
    }

    private static State checked(State from, State to) {
        if (!legal(from, to)) {
            throw new IllegalStateException(from + " → " + to);
        }
        return to;
    }
}
