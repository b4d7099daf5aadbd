package cn.familyaid.settlement.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A settlement attempt's life as a state machine, in plain Java: the settlement's status and where its money is
 * (the hold), the legal transitions, and how each answer of the ledger moves an attempt. The services persist
 * these states and send the commands; this class decides.
 *
 * <p>The money never diverges from the record: an attempt is COMPLETED exactly when its money is POSTED, and a
 * FAILED attempt may be tried again only once its money is known to be back ({@link #settled}).
 */
public final class SettlementAttempt {
    private SettlementAttempt() {
    }

    /** The settlement's status ({@code settlement.status}). */
    public enum Status { PENDING, COMPLETED, FAILED, REVERSING, REVERSED }

    /** Where the attempt's money is ({@code settlement.hold_state}). */
    public enum Hold {
        /** Nothing was held or posted. */
        NONE,
        /** The command that would hold or post went unanswered: the ledger may or may not have executed it. */
        UNKNOWN,
        /** Held (pending) in the ledger. */
        HELD,
        /** Posted to the institution's clearing account. */
        POSTED,
        /** Released: voided or expired. */
        VOIDED,
        /** Posted, then refunded leg by leg. */
        REFUNDED
    }

    /** The command the attempt is waiting for: a one-shot SETTLE, or the POST_HOLD of a pre-settlement's hold. */
    public enum Step { SETTLE, POST }

    /** How the ledger answered (or did not). */
    public enum Answer {
        /** Executed: posted. */
        OK,
        /** Refused for a business reason (frozen account, expired hold, …): nothing moved by this command. */
        REFUSED,
        /** DEADLINE_PASSED: it reached the ledger after its deadline; nothing moved, and it never will. */
        LATE,
        /** INTERNAL: the ledger rolled it back and stored nothing; the same command may be sent again. */
        ROLLED_BACK,
        /** No answer within the deadline. */
        TIMEOUT;

        /** The answer of a ledger reply. */
        public static Answer of(boolean ok, String code) {
            if (ok) {
                return OK;
            }
            if ("DEADLINE_PASSED".equals(code)) {
                return LATE;
            }
            return "INTERNAL".equals(code) ? ROLLED_BACK : REFUSED;
        }
    }

    /** What the counter is answered. */
    public enum Response { CREATED, CONFLICT, UNAVAILABLE }

    public record State(Status status, Hold hold) {
    }

    /**
     * Where an answer leaves the attempt: its next state, what the counter hears, and whether the hold resolver
     * must release money ({@link #mustResolve}).
     */
    public record Outcome(State next, Response response) {
        public boolean mustResolve() {
            return next.status() == Status.FAILED && !settled(next.hold());
        }
    }

    private static final Map<Status, Set<Status>> STATUS_MOVES = Map.of(
            Status.PENDING, EnumSet.of(Status.COMPLETED, Status.FAILED),
            Status.FAILED, EnumSet.of(Status.PENDING),
            Status.COMPLETED, EnumSet.of(Status.REVERSING),
            Status.REVERSING, EnumSet.of(Status.REVERSED),
            Status.REVERSED, EnumSet.noneOf(Status.class));

    private static final Map<Hold, Set<Hold>> HOLD_MOVES = Map.of(
            Hold.NONE, EnumSet.of(Hold.UNKNOWN, Hold.HELD, Hold.POSTED),
            Hold.UNKNOWN, EnumSet.of(Hold.NONE, Hold.HELD, Hold.POSTED),
            Hold.HELD, EnumSet.of(Hold.POSTED, Hold.VOIDED, Hold.REFUNDED),
            Hold.POSTED, EnumSet.of(Hold.REFUNDED),
            Hold.VOIDED, EnumSet.of(Hold.NONE),
            Hold.REFUNDED, EnumSet.of(Hold.NONE));

    /** Whether the attempt's money is known to be back with its owners (or never left). */
    public static boolean settled(Hold h) {
        return h == Hold.NONE || h == Hold.VOIDED || h == Hold.REFUNDED;
    }

    /** Whether {@code from → to} is a legal move (a retry restarts the hold at NONE from a settled one). */
    public static boolean legal(State from, State to) {
        boolean statusOk = from.status() == to.status() || STATUS_MOVES.get(from.status()).contains(to.status());
        boolean holdOk = from.hold() == to.hold() || HOLD_MOVES.get(from.hold()).contains(to.hold());
        if (!statusOk || !holdOk) {
            return false;
        }
        if (to.status() == Status.COMPLETED && to.hold() != Hold.POSTED && to.hold() != Hold.NONE) {
            return false; // completed with account money means posted (NONE: all cash)
        }
        if (from.status() == Status.FAILED && to.status() == Status.PENDING) {
            return settled(from.hold()) && to.hold() == Hold.NONE; // a retry only once the money is back
        }
        return true;
    }

    /** Whether a FAILED attempt may be tried again now (its money is back). */
    public static boolean mayRetry(State s) {
        return s.status() == Status.FAILED && settled(s.hold());
    }

    /** How the ledger's answer to the attempt's step moves a PENDING attempt. */
    public static Outcome answer(Step step, Answer a) {
        State pending = new State(Status.PENDING, step == Step.SETTLE ? Hold.NONE : Hold.HELD);
        State next = switch (a) {
            case OK -> new State(Status.COMPLETED, Hold.POSTED);
            // a refused SETTLE moved nothing; a refused POST leaves the pre-settlement's hold to release
            case REFUSED, LATE, ROLLED_BACK -> new State(Status.FAILED, pending.hold());
            // unanswered: a SETTLE may have posted (learnt by id after its deadline), a POST may have too
            case TIMEOUT -> new State(Status.FAILED, step == Step.SETTLE ? Hold.UNKNOWN : Hold.HELD);
        };
        Response response = switch (a) {
            case OK -> Response.CREATED;
            case REFUSED -> Response.CONFLICT;
            case LATE, ROLLED_BACK, TIMEOUT -> Response.UNAVAILABLE;
        };
        if (!legal(pending, next)) {
            throw new IllegalStateException(pending + " → " + next);
        }
        return new Outcome(next, response);
    }

    /**
     * What re-sending an unanswered SETTLE by id (after its deadline) teaches about a FAILED attempt's money:
     * posted (then refund it), or never moved. Null: no definitive answer yet (ask again later).
     */
    public static Hold learnt(Answer resent) {
        return switch (resent) {
            case OK -> Hold.POSTED;
            case REFUSED, LATE -> Hold.NONE;
            case ROLLED_BACK, TIMEOUT -> null;
        };
    }
}
