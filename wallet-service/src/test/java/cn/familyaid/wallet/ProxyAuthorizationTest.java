package cn.familyaid.wallet;

import cn.familyaid.wallet.messaging.ProxyChangedEvent;
import cn.familyaid.wallet.service.FamilyService;
import cn.familyaid.wallet.support.Api;
import cn.familyaid.wallet.support.Events;
import cn.familyaid.wallet.support.Family;
import cn.familyaid.wallet.support.LedgerRequester;
import cn.familyaid.wallet.support.TestStack;
import cn.familyaid.wallet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * 亲情账户 (R-BIND-11) in the ledger: binding-service's proxy.changed (real broker) lets the agent read the grantor's
 * accounts (not the statement, the phone masked), a revocation takes that back, and a proxy never funds anything.
 */
@QuarkusTest
class ProxyAuthorizationTest {

    @Inject
    Family family;

    @Inject
    FamilyService familyService;

    @Inject
    LedgerRequester ledger;

    @BeforeAll
    static void exact() {
        Api.exactAmounts();
    }

    static String proxyChanged(UUID eventId, UUID proxyId, String grantor, String agent, boolean active, long version) {
        return """
                {"event_id":"%s","type":"proxy.changed","schema_version":1,"occurred_at":"2026-11-22T00:00:00Z",
                 "key":"%s","data":{"proxy_id":"%s","psn_no":"%s","proxy_psn_no":"%s","active":%s,"version":%d,
                 "some_future_field":"x"}}""".formatted(eventId, grantor, proxyId, grantor, agent, active, version);
    }

    boolean actsFor(String agent, String psn) {
        return QuarkusTransaction.requiringNew().call(() -> familyService.actsFor(agent, psn));
    }

    static int readAccounts(String reader, String psn) {
        return given().auth().oauth2(Tokens.person(reader)).get("/api/v1/accounts/{p}", psn).then().extract()
                .statusCode();
    }

    @Test
    void a_proxy_may_read_the_grantors_accounts_but_not_the_statement_and_sees_the_phone_masked_R_BIND_11() {
        String grandma = family.person("王秀英", "310", "320102");
        String grandson = family.person("李小明", "310", "320102");
        family.credit(grandma, 12_345);
        family.wallet(grandma, "320102");
        assertThat(readAccounts(grandson, grandma)).as("no proxy yet").isEqualTo(403);

        UUID proxyId = UUID.randomUUID();
        Events.send("proxy.changed", grandma, proxyChanged(UUID.randomUUID(), proxyId, grandma, grandson, true, 1));
        Events.await("the proxy of " + grandson + " for " + grandma, () -> actsFor(grandson, grandma));

        given().auth().oauth2(Tokens.person(grandson)).get("/api/v1/accounts/{p}", grandma).then().statusCode(200)
                .body("psn_no", equalTo(grandma))
                .body("personal.balc", equalTo(new BigDecimal("123.45")))
                .body("wallet.status", equalTo("ACTIVE"))
                .body("wallet.phone", equalTo("138****8000"));
        given().auth().oauth2(Tokens.person(grandma)).get("/api/v1/accounts/{p}", grandma).then().statusCode(200)
                .body("wallet.phone", equalTo("13800138000"));
        // the statement stays the person's own
        given().auth().oauth2(Tokens.person(grandson)).get("/api/v1/accounts/{p}/entries", grandma).then()
                .statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        // one way only, and nobody else
        assertThat(readAccounts(grandma, grandson)).as("the grantor gains nothing over the agent").isEqualTo(403);
        assertThat(readAccounts(Family.newPsn(), grandma)).isEqualTo(403);
    }

    @Test
    void a_revoked_proxy_may_not_read_the_grantors_accounts_and_an_older_event_does_not_revive_it_R_BIND_11() {
        String father = family.person("李强", "310", "320104");
        String daughter = family.person("李娜", "310", "320104");
        family.credit(father, 5_000);
        UUID proxyId = UUID.randomUUID();
        UUID granted = UUID.randomUUID();
        Events.send("proxy.changed", father, proxyChanged(granted, proxyId, father, daughter, true, 1));
        Events.await("the proxy", () -> actsFor(daughter, father));
        assertThat(readAccounts(daughter, father)).isEqualTo(200);

        Events.send("proxy.changed", father, proxyChanged(UUID.randomUUID(), proxyId, father, daughter, false, 2));
        Events.await("the revocation", () -> !actsFor(daughter, father));
        given().auth().oauth2(Tokens.person(daughter)).get("/api/v1/accounts/{p}", father).then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_PERSON"));

        // the grant arriving late again (redelivery, or a copy with a new event id) changes nothing
        Events.send("proxy.changed", father, proxyChanged(granted, proxyId, father, daughter, true, 1));
        boolean applied = QuarkusTransaction.requiringNew().call(() -> familyService.onProxyChanged(UUID.randomUUID(),
                new ProxyChangedEvent.Data(proxyId, father, daughter, true, 1L)));
        assertThat(applied).isFalse();
        // a marker after the redelivery on the same key: once it is applied, the redelivery was consumed before it
        UUID marker = UUID.randomUUID();
        Events.send("proxy.changed", father, proxyChanged(UUID.randomUUID(), marker, father, Family.newPsn(), false, 1));
        Events.await("the marker", () -> !family.query("SELECT 1 FROM proxy_authorization WHERE proxy_id = ?",
                rs -> rs.getInt(1), marker).isEmpty());
        assertThat(actsFor(daughter, father)).isFalse();
        assertThat(readAccounts(daughter, father)).isEqualTo(403);

        // a new grant is a new proxy_id and works again
        Events.send("proxy.changed", father, proxyChanged(UUID.randomUUID(), UUID.randomUUID(), father, daughter,
                true, 1));
        Events.await("the new grant", () -> actsFor(daughter, father));
        assertThat(readAccounts(daughter, father)).isEqualTo(200);
    }

    @Test
    void a_proxy_never_gains_a_mandate_on_the_grantors_money_R_BIND_11() {
        String grandma = family.person("王秀英", "310", "320102");
        String grandson = family.person("李小明", "310", "320102");
        family.credit(grandma, 50_000);
        family.credit(grandson, 1_000);
        // both directions authorized: each may act for the other, neither may pay with the other's money
        QuarkusTransaction.requiringNew().run(() -> {
            familyService.onProxyChanged(UUID.randomUUID(),
                    new ProxyChangedEvent.Data(UUID.randomUUID(), grandma, grandson, true, 1L));
            familyService.onProxyChanged(UUID.randomUUID(),
                    new ProxyChangedEvent.Data(UUID.randomUUID(), grandson, grandma, true, 1L));
        });
        assertThat(actsFor(grandson, grandma)).isTrue();

        JsonPath hold = ledger.request(grandson, LedgerCommandsTest.holdForPlan(UUID.randomUUID().toString(), grandson,
                10_000, true, true, "320102", true, 600));
        assertThat(hold.getBoolean("ok")).isTrue();
        assertThat(hold.getList("legs.psn_no")).containsOnly(grandson);
        assertThat(hold.getList("legs.amount_fen", Long.class)).containsExactly(1_000L);
        assertThat(hold.getLong("cash_fen")).isEqualTo(9_000);
        assertThat(family.held(grandma, "PERSONAL")).isZero();
        assertThat(family.balance(grandma, "PERSONAL")).isEqualTo(50_000);
        assertThat(family.query("SELECT count(*) FROM mandate WHERE beneficiary_psn_no IN (?, ?)",
                rs -> rs.getLong(1), grandma, grandson)).containsExactly(0L);
        // the agent sees the grantor's money untouched
        given().auth().oauth2(Tokens.person(grandson)).get("/api/v1/accounts/{p}", grandma).then().statusCode(200)
                .body("personal.balc", equalTo(new BigDecimal("500.00")))
                .body("personal.held", equalTo(new BigDecimal("0.00")));
    }

    @Test
    void an_unreadable_proxy_changed_goes_to_the_dead_letter_topic() {
        String grantor = Family.newPsn();
        String bad = """
                {"event_id":"%s","type":"proxy.changed","schema_version":1,"key":"%s",
                 "data":{"psn_no":"%s","proxy_psn_no":"%s","active":true,"version":1}}"""
                .formatted(UUID.randomUUID(), grantor, grantor, Family.newPsn());
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(TestStack.asAdmin(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())))) {
            dlq.subscribe(List.of("wallet.proxy.changed.dlq"));
            Events.send("proxy.changed", grantor, bad);
            long deadline = System.currentTimeMillis() + 30_000;
            ConsumerRecord<String, String> found = null;
            while (found == null && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : dlq.poll(Duration.ofMillis(300))) {
                    if (r.value().contains(grantor)) {
                        found = r;
                    }
                }
            }
            assertThat(found).as("the event without proxy_id on wallet.proxy.changed.dlq").isNotNull();
        }
        assertThat(family.query("SELECT count(*) FROM proxy_authorization WHERE psn_no = ?", rs -> rs.getLong(1),
                grantor)).containsExactly(0L);
    }
}
