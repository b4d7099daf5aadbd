package cn.familyaid.wallet.metrics;

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
 * {@code familyaid_transfers_total{outcome}}: every answer to {@code POST /api/v1/transfers} by what the caller was
 * told (README "Metrics"): {@code completed} (201), {@code replayed} (200, the stored answer to a repeated
 * transfer id), {@code refused} (409), {@code rejected} (another 4xx: a rule, the step-up, the kinship),
 * {@code rate_limited} (429), {@code unavailable} (503) and {@code error} (another 5xx). Never an id.
 */
@ApplicationScoped
public class TransferMetrics {
    static final String TRANSFERS = "familyaid.transfers";
    static final List<String> OUTCOMES = List.of("completed", "replayed", "refused", "rejected", "rate_limited",
            "unavailable", "error");

    @Inject
    MeterRegistry meters;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    void register(@Observes StartupEvent start) {
        OUTCOMES.forEach(this::counter);
    }

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response) {
        if (!"POST".equals(request.getMethod())) {
            return;
        }
        String path = request.getUriInfo().getPath();
        if ("/api/v1/transfers".equals(path) || "/api/v1/transfers/".equals(path)) {
            counter(outcome(response.getStatus())).increment();
        }
    }

    static String outcome(int status) {
        if (status == 201) {
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

    private Counter counter(String outcome) {
        return counters.computeIfAbsent(outcome, o -> Counter.builder(TRANSFERS).tag("outcome", o)
                .description("Answers to POST /api/v1/transfers by outcome").register(meters));
    }
}
