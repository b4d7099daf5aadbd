package cn.familyaid.settlement.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code familyaid_settlements_total{outcome}} and {@code familyaid_reversals_total{outcome}}: every answer to
 * {@code POST /api/v1/settlements} and {@code POST /api/v1/settlements/{setl_id}/reversal}, by what the caller was
 * told (README "Metrics"): {@code completed} (201; a reversal: 200), {@code replayed} (200, the stored answer to a
 * repeated request), {@code refused} (409: the ledger or the state refused it), {@code rejected} (another 4xx: the
 * request broke a rule), {@code rate_limited} (429), {@code unavailable} (503: nothing charged, retry) and
 * {@code error} (another 5xx). A handful of values, never an id.
 */
@ApplicationScoped
public class OutcomeMetrics {
    static final String SETTLEMENTS = "familyaid.settlements";
    static final String REVERSALS = "familyaid.reversals";
    static final List<String> OUTCOMES = List.of("completed", "replayed", "refused", "rejected", "rate_limited",
            "unavailable", "error");

    @Inject
    MeterRegistry meters;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    void register(@Observes StartupEvent start) {
        for (String outcome : OUTCOMES) {
            counter(SETTLEMENTS, outcome);
            counter(REVERSALS, outcome);
        }
    }

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response) {
        if (!"POST".equals(request.getMethod())) {
            return;
        }
        String path = request.getUriInfo().getPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if ("/api/v1/settlements".equals(path)) {
            counter(SETTLEMENTS, outcome(response.getStatus(), false)).increment();
        } else if (path.startsWith("/api/v1/settlements/") && path.endsWith("/reversal")
                && path.indexOf('/', "/api/v1/settlements/".length()) == path.length() - "/reversal".length()) {
            counter(REVERSALS, outcome(response.getStatus(), true)).increment();
        }
    }

    static String outcome(int status, boolean reversal) {
        if (status == 201 || reversal && status == 200) {
            return "completed";
        }
        if (status >= 200 && status < 300) {
            return "replayed";
        }
        if (status == 409) {
            return "refused";
        }
        if (status == 429) {
            return "rate_limited";
        }
        if (status == 503) {
            return "unavailable";
        }
        return status >= 500 ? "error" : "rejected";
    }

    private Counter counter(String name, String outcome) {
        return counters.computeIfAbsent(name + "|" + outcome, k -> Counter.builder(name).tag("outcome", outcome)
                .description(SETTLEMENTS.equals(name) ? "Answers to POST /api/v1/settlements by outcome"
                        : "Answers to POST /api/v1/settlements/{setl_id}/reversal by outcome")
                .register(meters));
    }
}
