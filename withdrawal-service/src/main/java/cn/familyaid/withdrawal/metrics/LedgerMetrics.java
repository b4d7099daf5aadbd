package cn.familyaid.withdrawal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The ledger's request-reply as Prometheus sees it (README "Metrics"): {@code familyaid_ledger_reply_seconds} (a
 * timer with histogram buckets up to the deadline, tags {@code command} — the command type — and {@code outcome}:
 * {@code replied}, {@code expired} (no reply within the deadline) or {@code failed} (the request could not be
 * sent)) and {@code familyaid_ledger_deadline_expired_total{command}} (commands whose reply did not come within
 * the deadline).
 */
@ApplicationScoped
public class LedgerMetrics {
    static final String REPLY = "familyaid.ledger.reply";
    static final String EXPIRED = "familyaid.ledger.deadline.expired";
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5),
            Duration.ofSeconds(8)};

    @Inject
    MeterRegistry meters;

    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> expired = new ConcurrentHashMap<>();

    /** Starts timing one request. */
    public Timer.Sample start() {
        return Timer.start(meters);
    }

    /** Ends the timing of a request that got its reply. */
    public void replied(Timer.Sample sample, String command) {
        sample.stop(timer(command(command), "replied"));
    }

    /** Ends the timing of a request without a reply: expired when it timed out, else failed. */
    public void unanswered(Timer.Sample sample, String command, Throwable failure) {
        String c = command(command);
        boolean timedOut = timedOut(failure);
        sample.stop(timer(c, timedOut ? "expired" : "failed"));
        if (timedOut) {
            expired.computeIfAbsent(c, k -> Counter.builder(EXPIRED).tag("command", k)
                    .description("Ledger commands whose reply did not come within the deadline").register(meters))
                    .increment();
        }
    }

    static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String command(String type) {
        return type == null || type.isEmpty() || type.length() > 32
                || !type.chars().allMatch(ch -> ch == '_' || ch >= 'A' && ch <= 'Z') ? "UNKNOWN" : type;
    }

    private Timer timer(String command, String outcome) {
        return timers.computeIfAbsent(command + "|" + outcome, k -> Timer.builder(REPLY)
                .tag("command", command).tag("outcome", outcome)
                .description("Time from sending a ledger command to its reply (or to giving up on it)")
                .serviceLevelObjectives(BUCKETS).register(meters));
    }
}
