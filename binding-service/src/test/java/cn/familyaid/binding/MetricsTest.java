package cn.familyaid.binding;

import cn.familyaid.binding.metrics.OutboxGauges;
import cn.familyaid.binding.support.Events;
import cn.familyaid.binding.support.Metrics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox and dead-letter metrics (README "Metrics") move when what they count happens, as /q/metrics shows. */
@QuarkusTest
class MetricsTest {
    /** OutboxRelay.RELAY_LOCK: held here, the relay sends nothing, so a row written now stays unsent. */
    static final long RELAY_LOCK = 0x6f7574626f78L;

    @Inject
    OutboxGauges gauges;

    @Inject
    AgroalDataSource db;

    @Test
    void an_unsent_outbox_row_shows_in_the_backlog_and_its_age_and_a_parked_row_in_parked() throws Exception {
        UUID waiting = UUID.randomUUID();
        UUID parked = UUID.randomUUID();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("SELECT pg_advisory_lock(" + RELAY_LOCK + ")");
            try {
                gauges.refresh();
                double backlog = Metrics.value("familyaid_outbox_backlog", Map.of());
                double parkedBefore = Metrics.value("familyaid_outbox_parked", Map.of());
                s.execute("INSERT INTO outbox_event (id, topic, msg_key, event_type, payload, created_at) VALUES ('"
                        + waiting + "', 'metrics.test', 'k', 'metrics.test', '{}', now() - interval '1 hour')");
                s.execute("INSERT INTO outbox_event (id, topic, msg_key, event_type, payload, created_at, parked_at, "
                        + "attempts) VALUES ('" + parked + "', 'metrics.test', 'k', 'metrics.test', '{}', now(), now(), 10)");
                gauges.refresh();
                assertThat(Metrics.value("familyaid_outbox_backlog", Map.of())).isGreaterThanOrEqualTo(backlog + 1);
                assertThat(Metrics.value("familyaid_outbox_oldest_age_seconds", Map.of())).isGreaterThanOrEqualTo(3600);
                assertThat(Metrics.value("familyaid_outbox_parked", Map.of())).isEqualTo(parkedBefore + 1);
            } finally {
                s.execute("DELETE FROM outbox_event WHERE id IN ('" + waiting + "', '" + parked + "')");
                s.execute("SELECT pg_advisory_unlock(" + RELAY_LOCK + ")");
            }
        }
        gauges.refresh();
        assertThat(Metrics.value("familyaid_outbox_oldest_age_seconds", Map.of())).isLessThan(3600);
    }

    @Test
    void a_message_nacked_to_the_dead_letter_topic_is_counted() {
        Map<String, String> topic = Map.of("topic", "binding.account.closed.dlq");
        assertThat(Metrics.has("familyaid_dlq_messages_total", topic)).as("the counter is there from the start").isTrue();
        double before = Metrics.value("familyaid_dlq_messages_total", topic);
        Events.send("account.closed", "BROKEN" + UUID.randomUUID(), "{\"event_id\": \"not-a-uuid\", \"data\": 5}");
        Events.await("the dead-letter counter", () -> Metrics.value("familyaid_dlq_messages_total", topic) >= before + 1);
    }
}
