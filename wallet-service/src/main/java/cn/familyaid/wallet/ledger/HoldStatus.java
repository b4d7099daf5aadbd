package cn.familyaid.wallet.ledger;

/**
 * A hold's status: a pending transfer, placed {@link #PENDING} (or posted at once, a one-shot settlement), then
 * resolved exactly once — {@link #POSTED}, {@link #VOIDED} or {@link #EXPIRED} — and a posted settlement hold
 * {@link #REFUNDED} once. Nothing else moves a hold.
 */
public enum HoldStatus {
    PENDING,
    POSTED,
    VOIDED,
    EXPIRED,
    REFUNDED;

    /** Whether a hold in this status may become {@code next}. */
    public boolean mayBecome(HoldStatus next) {
        return switch (this) {
            case PENDING -> next == POSTED || next == VOIDED || next == EXPIRED;
            case POSTED -> next == REFUNDED;
            case VOIDED, EXPIRED, REFUNDED -> false;
        };
    }

    /** {@code next}, if a hold in this status may become it; else an IllegalStateException (nothing is written). */
    public HoldStatus then(HoldStatus next) {
        if (!mayBecome(next)) {
            throw new IllegalStateException("a " + this + " hold can't become " + next);
        }
        return next;
    }
}
