package cn.familyaid.wallet;

import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.metrics.OutboxGauges;
import cn.familyaid.wallet.support.Api;
import cn.familyaid.wallet.support.Events;
import cn.familyaid.wallet.support.Family;
import cn.familyaid.wallet.support.LedgerRequester;
import cn.familyaid.wallet.support.Metrics;
import cn.familyaid.wallet.support.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
    Family family;

    @Inject
    LedgerRequester ledger;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void exact() {
        Api.exactAmounts();
    }

    static String transferBody(String transferId, String from, String to, String toName, String amount) {
        return """
                {"transfer_id":"%s","from_psn_no":"%s","source":"PERSONAL","to_psn_no":"%s","to_psn_name":"%s","amount":%s}"""
                .formatted(transferId, from, to, toName, amount);
    }

    int transfer(String from, String body) {
        return given().auth().oauth2(Tokens.personVerified(from)).contentType("application/json").body(body)
                .post("/api/v1/transfers").then().extract().statusCode();
    }

    @Test
    void transfers_count_by_outcome() {
        String father = family.person("李强", "310", "320102");
        String daughter = family.person("李梅", "390", "440305");
        family.openRegion("320102");
        family.wallet(daughter, "440305");
        family.kin(father, daughter, "CHILD");
        family.kin(daughter, father, "PARENT");
        family.credit(father, 10_000);
        String before = Metrics.scrape();

        String body = transferBody(UUID.randomUUID().toString(), father, daughter, "李梅", "30.00");
        assertThat(transfer(father, body)).isEqualTo(201);
        assertThat(transfer(father, body)).isEqualTo(200); // the same transfer id again: the stored answer
        assertThat(transfer(father, transferBody(UUID.randomUUID().toString(), father, daughter, "李梅", "5000.00")))
                .isEqualTo(409); // more than the balance
        assertThat(transfer(father, transferBody(UUID.randomUUID().toString(), father, daughter, "李梅", "-1")))
                .isEqualTo(400);

        String after = Metrics.scrape();
        for (String[] o : new String[][] {{"completed", "1"}, {"replayed", "1"}, {"refused", "1"}, {"rejected", "1"}}) {
            assertThat(Metrics.value(after, "familyaid_transfers_total", Map.of("outcome", o[0]))
                    - Metrics.value(before, "familyaid_transfers_total", Map.of("outcome", o[0])))
                    .as(o[0]).isEqualTo(Double.parseDouble(o[1]));
        }
    }

    @Test
    void a_settle_that_reaches_the_ledger_after_its_deadline_counts_as_deadline_passed() throws Exception {
        String p = family.person("吴明", "310", "320102");
        family.credit(p, 10_000);
        Map<String, String> settlement = Map.of("requester", "settlement-service");
        double before = Metrics.value("familyaid_ledger_deadline_passed_total", settlement);
        LedgerCommand late = LedgerCommand.settle(UUID.randomUUID().toString(), p, 3_000, true,
                new LedgerCommand.Institution("P32010200077", "PHARMACY", "320102", true), "S" + UUID.randomUUID(),
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1).toString());
        assertThat(ledger.request(p, json.writeValueAsString(late)).getString("code")).isEqualTo("DEADLINE_PASSED");
        assertThat(Metrics.value("familyaid_ledger_deadline_passed_total", settlement)).isEqualTo(before + 1);
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
        Map<String, String> topic = Map.of("topic", "wallet.person.changed.dlq");
        assertThat(Metrics.has("familyaid_dlq_messages_total", topic)).as("the counter is there from the start").isTrue();
        double before = Metrics.value("familyaid_dlq_messages_total", topic);
        Events.send("person.changed", "BROKEN" + UUID.randomUUID(), "{\"event_id\": \"not-a-uuid\", \"data\": 5}");
        Events.await("the dead-letter counter", () -> Metrics.value("familyaid_dlq_messages_total", topic) >= before + 1);
    }
}
