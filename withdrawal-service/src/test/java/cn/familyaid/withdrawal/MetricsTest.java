package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.messaging.LedgerClient;
import cn.familyaid.withdrawal.metrics.OutboxGauges;
import cn.familyaid.withdrawal.support.Events;
import cn.familyaid.withdrawal.support.LedgerDouble;
import cn.familyaid.withdrawal.support.Metrics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The business metrics (README "Metrics") move when what they count happens, as /q/metrics shows them. */
@QuarkusTest
class MetricsTest {
    /** OutboxRelay.RELAY_LOCK: held here, the relay sends nothing, so a row written now stays unsent. */
    static final long RELAY_LOCK = 0x6f7574626f78L;

    @Inject
    OutboxGauges gauges;

    @Inject
    AgroalDataSource db;

    @Inject
    LedgerClient ledger;

    /** The tests' ledger: a command type of its own, so that silencing it affects no other command. */
    static final LedgerDouble LEDGER = LedgerDouble.get();
    static final String PROBE = "METRICS_PROBE";

    static String probe() {
        return "{\"command_id\":\"wd-metrics-" + UUID.randomUUID() + "\",\"type\":\"" + PROBE + "\"}";
    }

    @Test
    void the_ledger_reply_is_timed_and_a_missing_reply_counts_a_deadline_expiry() {
        Map<String, String> replied = Map.of("command", PROBE, "outcome", "replied");
        double repliedBefore = Metrics.value("familyaid_ledger_reply_seconds_count", replied);
        assertThat(ledger.send("PSN-METRICS", probe()).reply().code()).isEqualTo("VALIDATION"); // answered, refused
        assertThat(Metrics.value("familyaid_ledger_reply_seconds_count", replied)).isEqualTo(repliedBefore + 1);
        assertThat(Metrics.value("familyaid_ledger_reply_seconds_bucket", Map.of("command", PROBE, "outcome", "replied",
                "le", "+Inf"))).as("histogram buckets (the p99 alert)").isEqualTo(repliedBefore + 1);

        Map<String, String> command = Map.of("command", PROBE);
        double expired = Metrics.value("familyaid_ledger_deadline_expired_total", command);
        LEDGER.silence(PROBE, true);
        try {
            assertThatThrownBy(() -> ledger.send("PSN-METRICS", probe())).isInstanceOf(LedgerClient.LedgerUnavailable.class);
        } finally {
            LEDGER.silence(PROBE, false);
        }
        assertThat(Metrics.value("familyaid_ledger_deadline_expired_total", command)).isEqualTo(expired + 1);
        assertThat(Metrics.value("familyaid_ledger_reply_seconds_count", Map.of("command", PROBE, "outcome", "expired")))
                .isGreaterThanOrEqualTo(1);
    }

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
        Map<String, String> topic = Map.of("topic", "withdrawal.person.changed.dlq");
        assertThat(Metrics.has("familyaid_dlq_messages_total", topic)).as("the counter is there from the start").isTrue();
        double before = Metrics.value("familyaid_dlq_messages_total", topic);
        String p = "BROKEN" + UUID.randomUUID();
        Events.send("person.changed", p, "{\"event_id\":\"" + UUID.randomUUID() + "\",\"type\":\"person.changed\","
                + "\"data\":{\"psn_no\":\"" + p + "\"}}"); // no region, no version: cannot be applied
        Events.await("the dead-letter counter", () -> Metrics.value("familyaid_dlq_messages_total", topic) >= before + 1);
    }
}
