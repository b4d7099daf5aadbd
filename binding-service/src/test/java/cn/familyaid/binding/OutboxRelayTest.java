package cn.familyaid.binding;

import cn.familyaid.binding.outbox.Outbox;
import cn.familyaid.binding.outbox.OutboxEvent;
import cn.familyaid.binding.outbox.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's two guards (the same shape in every service): one relay drains at a time across replicas,
 * so a key's events reach the topic in order; a row the broker keeps refusing is parked, not retried
 * forever in front of every later event.
 */
@QuarkusTest
class OutboxRelayTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager em;

    private UUID publish(String key, Object data) {
        return QuarkusTransaction.requiringNew().call(
                () -> outbox.publish("outbox.relay.test", key, "relay.test", 1, data));
    }

    private OutboxEvent row(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>findById(id));
    }

    @Test
    void while_another_replica_holds_the_relay_lock_this_relay_sends_nothing() throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread otherReplica = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("SELECT pg_advisory_xact_lock(:k)").setParameter("k", 0x6f7574626f78L)
                    .getSingleResult();
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        otherReplica.start();
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
        UUID id;
        try {
            id = publish("K" + UUID.randomUUID(), Map.of("n", 1));
            assertThat(relay.relayBatch()).isZero();
            Thread.sleep(1_500); // the scheduled relay and the wake-up try too
            assertThat(row(id).sentAt).as("nothing is sent while another relay drains").isNull();
        } finally {
            release.countDown();
            otherReplica.join(30_000);
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (row(id).sentAt == null && System.currentTimeMillis() < deadline) {
            relay.relayBatch();
            Thread.sleep(100);
        }
        assertThat(row(id).sentAt).as("sent once the lock is free").isNotNull();
    }

    @Test
    void a_row_the_broker_keeps_refusing_is_parked_and_later_events_still_flow() throws Exception {
        // larger than the producer's max.request.size: refused by every send
        UUID poisoned = publish("P" + UUID.randomUUID(), Map.of("blob", "x".repeat(1_200_000)));
        UUID later = publish("L" + UUID.randomUUID(), Map.of("n", 2));
        long deadline = System.currentTimeMillis() + 60_000;
        while ((row(poisoned).parkedAt == null || row(later).sentAt == null)
                && System.currentTimeMillis() < deadline) {
            relay.relayBatch();
            Thread.sleep(50);
        }
        OutboxEvent parked = row(poisoned);
        assertThat(parked.parkedAt).as("parked after repeated refusals").isNotNull();
        assertThat(parked.sentAt).isNull();
        assertThat(parked.attempts).isGreaterThanOrEqualTo(10);
        assertThat(parked.lastError).contains("RecordTooLarge");
        assertThat(row(later).sentAt).as("an event written after the poisoned one is still sent").isNotNull();
        int attempts = parked.attempts;
        relay.relayBatch();
        assertThat(row(poisoned).attempts).as("a parked row is not tried again").isEqualTo(attempts);
    }
}
