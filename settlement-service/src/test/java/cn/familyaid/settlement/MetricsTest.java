package cn.familyaid.settlement;

import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.messaging.LedgerUnavailable;
import cn.familyaid.settlement.metrics.OutboxGauges;
import cn.familyaid.settlement.support.Api;
import cn.familyaid.settlement.support.Events;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Fixtures.Person;
import cn.familyaid.settlement.support.Ledger;
import cn.familyaid.settlement.support.Metrics;
import cn.familyaid.settlement.support.WalletJar;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static cn.familyaid.settlement.support.Fixtures.bill;
import static cn.familyaid.settlement.support.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The business metrics (README "Metrics") move when what they count happens, as /q/metrics shows them. */
@QuarkusTest
class MetricsTest {
    static final String NANJING = "320102";
    /** OutboxRelay.RELAY_LOCK: held here, the relay sends nothing, so a row written now stays unsent. */
    static final long RELAY_LOCK = 0x6f7574626f78L;

    @Inject
    OutboxGauges gauges;

    @Inject
    AgroalDataSource db;

    @Inject
    LedgerClient ledger;

    @BeforeAll
    static void theRealLedger() {
        Api.exactAmounts();
        Assertions.assertTrue(WalletJar.answersLedgerCommands(),
                "wallet-service's jar is needed: ./mvnw -B -q package -DskipTests -pl wallet-service");
    }

    static Map<String, String> outcome(String o) {
        return Map.of("outcome", o);
    }

    @Test
    void settlements_and_reversals_count_by_outcome_and_the_ledger_reply_is_timed() {
        Person patient = Fixtures.person("310", NANJING);
        Ledger.awaitAccount(patient.psnNo());
        Ledger.credit(patient.psnNo(), NANJING, "30.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        String before = Metrics.scrape();

        Map<String, Object> body = with(bill(code, patient, NANJING, "20.00", "0", "1"), "medins_setl_id", Fixtures.id("M"));
        String setlId = Fixtures.settle(code, body).then().statusCode(201).extract().path("setl_id");
        Fixtures.settle(code, body).then().statusCode(200); // the same request again: the stored answer
        Fixtures.settle(code, with(body, "medins_setl_id", null)).then().statusCode(400);
        Fixtures.reverse(code, setlId).then().statusCode(200);

        String after = Metrics.scrape();
        assertThat(delta(before, after, "familyaid_settlements_total", outcome("completed"))).isEqualTo(1);
        assertThat(delta(before, after, "familyaid_settlements_total", outcome("replayed"))).isEqualTo(1);
        assertThat(delta(before, after, "familyaid_settlements_total", outcome("rejected"))).isEqualTo(1);
        assertThat(delta(before, after, "familyaid_reversals_total", outcome("completed"))).isEqualTo(1);
        // the settlement and the reversal each waited for at least one ledger reply
        assertThat(delta(before, after, "familyaid_ledger_reply_seconds_count", outcome("replied"))).isGreaterThanOrEqualTo(2);
        assertThat(Metrics.value(after, "familyaid_ledger_reply_seconds_bucket", Map.of("outcome", "replied", "le", "+Inf")))
                .as("the reply time has histogram buckets (the p99 alert)").isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_ledger_that_does_not_answer_in_time_counts_a_deadline_expiry() {
        double expired = Metrics.value("familyaid_ledger_deadline_expired_total", Map.of("command", "VOID_HOLD"));
        WalletJar.signal("STOP");
        try {
            assertThatThrownBy(() -> ledger.voidHold("metrics-" + UUID.randomUUID(), "PSN-METRICS",
                    UUID.randomUUID().toString())).isInstanceOf(LedgerUnavailable.class);
        } finally {
            WalletJar.signal("CONT");
        }
        assertThat(Metrics.value("familyaid_ledger_deadline_expired_total", Map.of("command", "VOID_HOLD")))
                .isEqualTo(expired + 1);
        assertThat(Metrics.value("familyaid_ledger_reply_seconds_count", Map.of("command", "VOID_HOLD",
                "outcome", "expired"))).isGreaterThanOrEqualTo(1);
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
        Map<String, String> topic = Map.of("topic", "settlement.person.changed.dlq");
        assertThat(Metrics.has("familyaid_dlq_messages_total", Map.of("topic", "settlement.region.policy.changed.dlq")))
                .as("every dead-letter topic is there from the start").isTrue();
        double before = Metrics.value("familyaid_dlq_messages_total", topic);
        String bad = Fixtures.id("BAD");
        Events.send("person.changed", bad, "{\"event_id\":\"not-a-uuid\",\"type\":\"person.changed\",\"data\":5}");
        Events.await("the dead-letter counter", () -> Metrics.value("familyaid_dlq_messages_total", topic) >= before + 1);
    }

    private static double delta(String before, String after, String name, Map<String, String> labels) {
        return Metrics.value(after, name, labels) - Metrics.value(before, name, labels);
    }
}
