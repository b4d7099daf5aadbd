package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.outbox.Purge;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The purge removes old sent outbox rows and old inbox rows, and nothing unsent, parked or recent. */
@QuarkusTest
class PurgeTest {
    @Inject
    Purge purge;
    @Inject
    EntityManager em;

    UUID outbox(OffsetDateTime created, OffsetDateTime sent, OffsetDateTime parked) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("INSERT INTO outbox_event (id, topic, msg_key, "
                        + "event_type, payload, created_at, sent_at, parked_at) VALUES (?1, 'purge.test', 'k', 't', '{}', "
                        + "?2, ?3, ?4)").setParameter(1, id).setParameter(2, created).setParameter(3, sent)
                .setParameter(4, parked).executeUpdate());
        return id;
    }

    UUID inbox(OffsetDateTime processed) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("INSERT INTO inbox_event (event_id, event_type, "
                + "processed_at) VALUES (?1, 'purge.test', ?2)").setParameter(1, id).setParameter(2, processed)
                .executeUpdate());
        return id;
    }

    boolean exists(String table, String column, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery("SELECT 1 FROM " + table + " WHERE "
                + column + " = ?1").setParameter(1, id).getResultList().isEmpty());
    }

    /** The outbox relay's advisory lock (OutboxRelay.RELAY_LOCK): held, no relay of this service drains. */
    static final long RELAY_LOCK = 0x6f7574626f78L;

    @Test
    void old_sent_events_and_old_inbox_rows_go_unsent_parked_and_recent_ones_stay() throws Exception {
        // the relay must not try to send this test's unsent row: hold its lock for the test's length
        ExecutorService holder = Executors.newSingleThreadExecutor();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Future<?> lock = holder.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1)) x").setParameter(1, RELAY_LOCK)
                    .getResultList();
            held.countDown();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(held.await(60, TimeUnit.SECONDS)).isTrue();
        try {
            check();
        } finally {
            done.countDown();
            lock.get(60, TimeUnit.SECONDS);
            holder.shutdown();
        }
    }

    private void check() {
        // a fixed "now" far in the future, so rows written by other tests are never the ones that count here
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).plusYears(50);
        OffsetDateTime old = now.minusDays(30);
        OffsetDateTime recent = now.minusHours(1);
        UUID sentOld = outbox(old, old, null);
        UUID sentRecent = outbox(recent, recent, null);
        UUID unsentOld = outbox(old, null, null);
        UUID parkedOld = outbox(old, null, old);
        UUID inboxOld = inbox(now.minusDays(20));
        UUID inboxRecent = inbox(now.minusDays(2));

        Purge.Purged p = purge.purge(now);
        assertThat(p.outbox()).isGreaterThanOrEqualTo(1);
        assertThat(p.inbox()).isGreaterThanOrEqualTo(1);
        assertThat(exists("outbox_event", "id", sentOld)).as("sent 30 days ago").isFalse();
        assertThat(exists("outbox_event", "id", sentRecent)).as("sent an hour ago").isTrue();
        assertThat(exists("outbox_event", "id", unsentOld)).as("never sent").isTrue();
        assertThat(exists("outbox_event", "id", parkedOld)).as("parked for an operator").isTrue();
        assertThat(exists("inbox_event", "event_id", inboxOld)).as("past the redelivery horizon").isFalse();
        assertThat(exists("inbox_event", "event_id", inboxRecent)).as("could still be redelivered").isTrue();

        // the rows this test left must not be relayed once the lock goes
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM outbox_event WHERE topic = "
                + "'purge.test'").executeUpdate());
    }
}
