package cn.familyaid.binding.outbox;

import cn.familyaid.binding.config.FamilyAidConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Deletes what is no longer needed, on a schedule and in short batches: outbox rows sent longer ago than
 * {@code familyaid.purge.outbox-after} (never an unsent or parked one), and inbox rows processed longer ago than
 * {@code familyaid.purge.inbox-after} — past the brokers' redelivery horizon (topic retention), so an event old
 * enough to be forgotten can no longer arrive again. Safe on every replica at once (plain deletes by age).
 */
@ApplicationScoped
public class Purge {
    private static final Logger LOG = Logger.getLogger(Purge.class);

    @Inject
    EntityManager em;

    @Inject
    FamilyAidConfig config;

    /** What one purge removed. */
    public record Purged(long outbox, long inbox) {
    }

    @Scheduled(every = "${familyaid.purge.interval:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "60s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            Purged p = purge(OffsetDateTime.now(ZoneOffset.UTC));
            if (p.outbox() + p.inbox() > 0) {
                LOG.infof("purged %d sent outbox rows and %d inbox rows", p.outbox(), p.inbox());
            }
        } catch (RuntimeException e) {
            LOG.warnf("purge failed, will retry: %s", e.getMessage());
        }
    }

    /** Purges as of {@code now}. */
    public Purged purge(OffsetDateTime now) {
        long outbox = inBatches("DELETE FROM outbox_event WHERE id IN (SELECT id FROM outbox_event "
                + "WHERE sent_at IS NOT NULL AND sent_at < ?1 LIMIT ?2)", now.minus(config.purge().outboxAfter()));
        long inbox = inBatches("DELETE FROM inbox_event WHERE event_id IN (SELECT event_id FROM inbox_event "
                + "WHERE processed_at < ?1 LIMIT ?2)", now.minus(config.purge().inboxAfter()));
        return new Purged(outbox, inbox);
    }

    private long inBatches(String sql, OffsetDateTime before) {
        int batch = config.purge().batch();
        long total = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql)
                    .setParameter(1, before).setParameter(2, batch).executeUpdate());
            total += n;
            if (n < batch) {
                return total;
            }
        }
    }
}
