package cn.familyaid.settlement.messaging;

/** The ledger did not answer within the deadline (or the command could not be sent). */
public class LedgerUnavailable extends Exception {
    public LedgerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
