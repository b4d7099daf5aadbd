package cn.familyaid.wallet.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox as Prometheus sees it (README "Metrics"): {@code familyaid_outbox_backlog} (rows waiting to be sent),
 * {@code familyaid_outbox_oldest_age_seconds} (how long the oldest of them has waited; 0 when none waits) and
 * {@code familyaid_outbox_parked} (rows the relay gave up on, waiting for an operator). The counts are read from the
 * database on a schedule ({@code familyaid.metrics.outbox-interval}), through the outbox's partial indexes, never on
 * a scrape; the age is taken at the scrape from the oldest row's time, so it keeps growing while the relay is stuck.
 */
@ApplicationScoped
public class OutboxGauges {
    private static final Logger LOG = Logger.getLogger(OutboxGauges.class);
    private static final long NONE = Long.MIN_VALUE;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry meters;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    /** created_at of the oldest unsent row, epoch milliseconds, or {@link #NONE}. */
    private final AtomicLong oldestMillis = new AtomicLong(NONE);

    void register(@Observes StartupEvent start) {
        Gauge.builder("familyaid.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not sent yet (parked rows excluded)").register(meters);
        Gauge.builder("familyaid.outbox.oldest.age.seconds", this, OutboxGauges::oldestAgeSeconds)
                .description("Age of the oldest outbox row not sent yet, 0 when none waits").register(meters);
        Gauge.builder("familyaid.outbox.parked", parked, AtomicLong::get)
                .description("Outbox rows the relay gave up on (parked_at set), waiting for an operator").register(meters);
    }

    double oldestAgeSeconds() {
        long oldest = oldestMillis.get();
        return oldest == NONE ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
    }

    @Scheduled(every = "${familyaid.metrics.outbox-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.debugf("outbox gauges not refreshed: %s", e.getMessage());
        }
    }

    /** Reads the counts and the oldest unsent row now. */
    public void refresh() {
        // one pass over the unsent rows (the partial index outbox_event_unsent) for their count and oldest time
        Object[] r = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT count(*), CAST(EXTRACT(EPOCH FROM min(created_at)) * 1000 AS BIGINT), "
                        + "(SELECT count(*) FROM outbox_event WHERE parked_at IS NOT NULL) "
                        + "FROM outbox_event WHERE sent_at IS NULL AND parked_at IS NULL").getSingleResult());
        backlog.set(((Number) r[0]).longValue());
        oldestMillis.set(r[1] == null ? NONE : ((Number) r[1]).longValue());
        parked.set(((Number) r[2]).longValue());
    }
}
