package cn.familyaid.wallet.metrics;

import cn.familyaid.wallet.messaging.Requester;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.EnumMap;
import java.util.Map;

/**
 * {@code familyaid_ledger_deadline_passed_total{requester}} (README "Metrics"): SETTLE commands that reached the
 * ledger after their {@code not_after} and were answered {@code DEADLINE_PASSED} (nothing moved; the requester had
 * given up on them already, its own {@code familyaid_ledger_deadline_expired_total} counted them there).
 */
@ApplicationScoped
public class LedgerCommandMetrics {
    static final String DEADLINE_PASSED = "familyaid.ledger.deadline.passed";
    /** The code as a JSON string (a stored reply read back may have spaces after the colons). */
    private static final String CODE = "\"DEADLINE_PASSED\"";

    @Inject
    MeterRegistry meters;

    private final Map<Requester, Counter> passed = new EnumMap<>(Requester.class);

    void register(@Observes StartupEvent start) {
        for (Requester r : Requester.values()) {
            passed.put(r, Counter.builder(DEADLINE_PASSED).tag("requester", r.principal)
                    .description("SETTLE commands refused because they reached the ledger after their deadline")
                    .register(meters));
        }
    }

    /** Called with every reply sent: counts the DEADLINE_PASSED ones. */
    public void replied(Requester requester, String reply) {
        if (reply != null && reply.contains(CODE)) {
            Counter c = passed.get(requester);
            if (c != null) {
                c.increment();
            }
        }
    }
}
