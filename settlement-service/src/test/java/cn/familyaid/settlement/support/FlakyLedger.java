package cn.familyaid.settlement.support;

import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.messaging.LedgerReply;
import cn.familyaid.settlement.messaging.LedgerUnavailable;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real ledger client, except that the first VOID_HOLD / REFUND_HOLD of chosen holds is answered as
 * wallet-service answers a command it rolled back ({@code ok: false, code: INTERNAL}, nothing stored: the
 * same command executes afresh when sent again), the next kept command (SETTLE or HOLD_FOR_PLAN) of a chosen
 * patient is lost (nothing sent, {@link LedgerUnavailable} as after the deadline), and the posting command
 * (POST_HOLD or SETTLE) of a chosen patient can be slowed down. Install with {@code QuarkusMock.installMockForType}.
 */
public class FlakyLedger extends LedgerClient {
    private final LedgerClient real;
    private final Set<String> internalOnce = ConcurrentHashMap.newKeySet();
    public final AtomicInteger internalAnswers = new AtomicInteger();
    private final Set<String> lostOnce = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> postDelayMs = new ConcurrentHashMap<>();

    /** The next HOLD_FOR_PLAN (kept command) for this patient is not sent: the caller sees the deadline pass. */
    public FlakyLedger lostOnce(String psnNo) {
        lostOnce.add(psnNo);
        return this;
    }

    private final Set<String> postLostOnce = ConcurrentHashMap.newKeySet();

    /** The next POST_HOLD for this patient is not sent: the caller sees the deadline pass. */
    public FlakyLedger postLostOnce(String psnNo) {
        postLostOnce.add(psnNo);
        return this;
    }

    /** POST_HOLD or SETTLE (the posting command) for this patient waits this long before it is sent. */
    public FlakyLedger postDelay(String psnNo, long ms) {
        postDelayMs.put(psnNo, ms);
        return this;
    }

    public FlakyLedger(LedgerClient real) {
        this.real = real;
    }

    /** The next VOID_HOLD or REFUND_HOLD of this hold (type:holdId) answers INTERNAL once. */
    public FlakyLedger internalOnce(String type, String holdId) {
        internalOnce.add(type + ":" + holdId);
        return this;
    }

    private LedgerReply internal(String type, String commandId, String holdId) {
        if (internalOnce.remove(type + ":" + holdId)) {
            internalAnswers.incrementAndGet();
            return new LedgerReply(commandId, false, "INTERNAL", "the command could not be executed", null, null,
                    List.of(), null, null, null);
        }
        return null;
    }

    @Override
    public Duration deadline() {
        return real.deadline();
    }

    @Override
    public String holdForPlan(String commandId, String beneficiaryPsnNo, long amountFen, boolean useAccount,
                              boolean useFamily, boolean walletAdmdvsOk, InstitutionRef inst, String reference,
                              int expiresInSeconds) {
        return real.holdForPlan(commandId, beneficiaryPsnNo, amountFen, useAccount, useFamily, walletAdmdvsOk, inst,
                reference, expiresInSeconds);
    }

    @Override
    public String settle(String commandId, String beneficiaryPsnNo, long amountFen, boolean useAccount,
                         boolean useFamily, boolean walletAdmdvsOk, InstitutionRef inst, String reference,
                         OffsetDateTime notAfter) {
        return real.settle(commandId, beneficiaryPsnNo, amountFen, useAccount, useFamily, walletAdmdvsOk, inst,
                reference, notAfter);
    }

    @Override
    public Optional<OffsetDateTime> notAfter(String commandJson) {
        return real.notAfter(commandJson);
    }

    @Override
    public LedgerReply send(String key, String commandJson) throws LedgerUnavailable {
        if (lostOnce.remove(key)) {
            throw new LedgerUnavailable("lost by the test", null);
        }
        if (commandJson.contains("\"type\":\"SETTLE\"")) {
            delay(key);
        }
        return real.send(key, commandJson);
    }

    @Override
    public LedgerReply postHold(String commandId, String psnNo, String holdId) throws LedgerUnavailable {
        if (postLostOnce.remove(psnNo)) {
            throw new LedgerUnavailable("lost by the test", null);
        }
        delay(psnNo);
        return real.postHold(commandId, psnNo, holdId);
    }

    private void delay(String psnNo) {
        Long delay = postDelayMs.get(psnNo);
        if (delay != null) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public LedgerReply voidHold(String commandId, String psnNo, String holdId) throws LedgerUnavailable {
        LedgerReply r = internal("VOID_HOLD", commandId, holdId);
        return r != null ? r : real.voidHold(commandId, psnNo, holdId);
    }

    @Override
    public LedgerReply refundHold(String commandId, String psnNo, String holdId) throws LedgerUnavailable {
        LedgerReply r = internal("REFUND_HOLD", commandId, holdId);
        return r != null ? r : real.refundHold(commandId, psnNo, holdId);
    }
}
