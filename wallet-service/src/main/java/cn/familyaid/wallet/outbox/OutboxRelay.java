package cn.familyaid.wallet.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes outbox rows to Kafka, outside any business transaction: locks a batch of unsent rows
 * ({@code FOR UPDATE SKIP LOCKED}, so several replicas never send the same row together), sends
 * them keyed by aggregate id, waits for the broker's ack, then marks them sent. A crash between
 * ack and mark re-sends the row later: consumers are idempotent by {@code event_id}.
 * Within one instance a single drain runs at a time (woken after each commit, or by the schedule).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 200;

    @Inject
    EntityManager em;

    @Inject
    @Channel("outbox")
    MutinyEmitter<String> emitter;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });

    /** Called after a transaction that wrote events commits; wake-ups coalesce into one drain. */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            waker.execute(() -> {
                wakeQueued.set(false);
                relay();
            });
        }
    }

    @Scheduled(every = "${familyaid.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    void relay() {
        if (!draining.compareAndSet(false, true)) {
            return; // a drain is running; the schedule picks up whatever it leaves
        }
        try {
            while (relayBatch() == BATCH) {
                // drain the backlog
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay failed, will retry: %s", e.getMessage());
        } finally {
            draining.set(false);
        }
    }

    @PreDestroy
    void stop() {
        waker.shutdownNow();
    }

    /** Relays one batch; returns how many rows were sent. */
    public int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            @SuppressWarnings("unchecked")
            List<OutboxEvent> batch = em.createNativeQuery(
                            "SELECT * FROM outbox_event WHERE sent_at IS NULL ORDER BY seq LIMIT " + BATCH
                                    + " FOR UPDATE SKIP LOCKED", OutboxEvent.class)
                    .getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            List<Uni<Void>> acks = new ArrayList<>(batch.size());
            for (OutboxEvent e : batch) {
                OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(e.topic).withKey(e.key).build();
                acks.add(emitter.sendMessage(Message.of(e.payload).addMetadata(meta)));
            }
            Uni.join().all(acks).andFailFast().await().atMost(Duration.ofSeconds(30));
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (OutboxEvent e : batch) {
                e.sentAt = now;
            }
            return batch.size();
        });
    }
}
