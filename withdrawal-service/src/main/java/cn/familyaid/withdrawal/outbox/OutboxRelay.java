package cn.familyaid.withdrawal.outbox;

import cn.familyaid.withdrawal.config.FamilyAidConfig;
import cn.familyaid.withdrawal.telemetry.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes outbox rows to Kafka, outside any business transaction. One relay drains at a time across
 * all replicas (a PostgreSQL advisory lock held for the batch's transaction), so the events of one key
 * reach the topic in the order they were written: a compacted state topic keeps the newest. The batch
 * is locked ({@code FOR UPDATE SKIP LOCKED}), sent keyed by aggregate id, each send awaits the broker's
 * ack, then the acked rows are marked sent. A row the broker refuses is retried; after
 * {@value #MAX_ATTEMPTS} refusals it is parked ({@code parked_at}, {@code last_error}, an ERROR log and
 * the {@code familyaid.outbox.parked.events} counter) so one poisoned row cannot hold back every later event.
 * A crash between ack and mark re-sends the row later: consumers are idempotent by {@code event_id}.
 * Within one instance a single drain runs at a time (woken after each commit, or by the schedule).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 200;
    static final int MAX_ATTEMPTS = 10;
    /** The advisory-lock key of this service's relay (any constant unique within the database). */
    static final long RELAY_LOCK = 0x6f7574626f78L; // "outbox"

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry meters;

    @Inject
    @Channel("outbox")
    MutinyEmitter<String> emitter;

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });

    /**
     * {@code outbox().linger()}: how long a wake-up waits before it drains, so the events of commits close together
     * leave in one batch (one relay transaction for many settlements under load). Events are not on any request's path.
     */
    @Inject
    FamilyAidConfig config;

    /** Called after a transaction that wrote events commits; wake-ups coalesce into one drain. */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            waker.execute(() -> {
                try {
                    Thread.sleep(config.outbox().linger().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                wakeQueued.set(false);
                relay();
            });
        }
    }

    @Scheduled(every = "${familyaid.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
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

    /**
     * Relays one batch; returns how many rows were sent, or 0 when another relay holds the lock or a
     * send failed (the drain then stops until the next wake-up or tick, instead of spinning).
     */
    public int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            if (!(Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(:k)")
                    .setParameter("k", RELAY_LOCK).getSingleResult()) {
                return 0; // another replica is draining; it keeps the per-key order
            }
            // plain rows, not entities: the relay runs after every commit that wrote events, and marking the sent
            // rows is one statement rather than one UPDATE per entity
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                            "SELECT id, topic, msg_key, payload, attempts, traceparent FROM outbox_event "
                                    + "WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY seq LIMIT "
                                    + BATCH + " FOR UPDATE SKIP LOCKED")
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            List<Row> batch = rows.stream().map(r -> new Row(uuid(r[0]), (String) r[1], (String) r[2],
                    (String) r[3], ((Number) r[4]).intValue(), (String) r[5])).toList();
            // sent with the transaction suspended (its row locks stay held): the producer's callbacks run on
            // Kafka's threads, and with the transaction's context propagated to them Narayana saw two threads in
            // it and rolled the commit back now and then (the rows were sent twice)
            List<Throwable> failures = QuarkusTransaction.suspendingExisting().call(() -> {
                List<Uni<Throwable>> outcomes = new ArrayList<>(batch.size());
                for (Row e : batch) {
                    outcomes.add(send(e));
                }
                return Uni.join().all(outcomes).andFailFast().await().indefinitely();
            });
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            List<UUID> sent = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Throwable failure = failures.get(i);
                if (failure == null) {
                    sent.add(batch.get(i).id());
                } else {
                    refused(batch.get(i), failure, now);
                }
            }
            if (!sent.isEmpty()) {
                em.unwrap(Session.class).doWork(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE outbox_event SET sent_at = ? WHERE id = ANY(?)")) {
                        ps.setObject(1, now);
                        ps.setArray(2, c.createArrayOf("uuid", sent.toArray()));
                        ps.executeUpdate();
                    }
                });
            }
            return sent.size() == batch.size() ? sent.size() : 0;
        });
    }

    private static UUID uuid(Object o) {
        return o instanceof UUID u ? u : UUID.fromString(o.toString());
    }

    /** An unsent outbox row as the relay reads it (with the traceparent of the request that wrote it, if any). */
    record Row(UUID id, String topic, String key, String payload, int attempts, String traceparent) {
    }

    /**
     * Sends one row; the Uni yields null on the broker's ack, or the failure (never fails itself). With the row's
     * traceparent as the parent of the send, the connector's producer span joins the trace of the request that
     * wrote the event, and its own traceparent header (W3C) carries that trace on to the consumers.
     */
    private Uni<Throwable> send(Row e) {
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(e.topic()).withKey(e.key()).build();
        Message<String> message = Message.of(e.payload()).addMetadata(meta);
        Context parent = TraceContext.restore(e.traceparent());
        if (parent != null) {
            message = message.addMetadata(TracingMetadata.withCurrent(parent));
        }
        Uni<Void> ack;
        try {
            ack = emitter.sendMessage(message);
        } catch (RuntimeException refusedAtOnce) {
            ack = Uni.createFrom().failure(refusedAtOnce);
        }
        return ack.ifNoItem().after(SEND_TIMEOUT).fail()
                .onItemOrFailure().transform((ok, failure) -> failure);
    }

    private void refused(Row e, Throwable failure, OffsetDateTime now) {
        int attempts = e.attempts() + 1;
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        String lastError = reason.length() > 500 ? reason.substring(0, 500) : reason;
        meters.counter("familyaid.outbox.send.failures", "topic", e.topic()).increment();
        boolean park = attempts >= MAX_ATTEMPTS;
        em.createNativeQuery("UPDATE outbox_event SET attempts = ?1, last_error = ?2, "
                        + "parked_at = CASE WHEN ?3 THEN CAST(?4 AS timestamptz) ELSE parked_at END WHERE id = ?5")
                .setParameter(1, attempts).setParameter(2, lastError).setParameter(3, park).setParameter(4, now)
                .setParameter(5, e.id()).executeUpdate();
        if (park) {
            meters.counter("familyaid.outbox.parked.events", "topic", e.topic()).increment();
            // the event id and topic only: the key and payload may identify a person
            LOG.errorf("outbox event %s for topic %s parked after %d failed sends: %s",
                    e.id(), e.topic(), attempts, lastError);
        }
    }
}
