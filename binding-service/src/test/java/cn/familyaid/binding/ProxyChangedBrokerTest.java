package cn.familyaid.binding;

import cn.familyaid.binding.outbox.OutboxEvent;
import cn.familyaid.binding.outbox.OutboxRelay;
import cn.familyaid.binding.support.Events;
import cn.familyaid.binding.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.familyaid.binding.support.Family.person;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * proxy.changed (R-BIND-11) reaches the real broker keyed by the grantor, once per grant and once per revoke,
 * in the same transaction as the change, so the ledger can let the agent read the grantor's accounts.
 */
@QuarkusTest
class ProxyChangedBrokerTest {

    @Inject
    OutboxRelay relay;

    @Inject
    ObjectMapper json;

    static long proxyEvents(String grantor) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count(
                "type = 'proxy.changed' and key = ?1", grantor));
    }

    JsonNode data(ConsumerRecord<String, String> r) {
        try {
            return json.readTree(r.value()).get("data");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_grant_and_its_revocation_are_published_keyed_by_the_grantor_with_increasing_versions_R_BIND_11()
            throws Exception {
        String grandma = person("320102", "310");
        String grandson = person("320102", "390");
        Map<String, Object> body = Map.of("psn_no", grandma, "agent_psn_no", grandson);
        try (KafkaConsumer<String, String> consumer = Events.consumer("proxy.changed")) {
            String proxyId = given().auth().oauth2(Tokens.person(grandma)).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/proxies").then().statusCode(201).extract().path("proxy_id");
            // granting again (already active) changes nothing and publishes nothing
            given().auth().oauth2(Tokens.person(grandma)).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/proxies").then().statusCode(200);
            assertThat(proxyEvents(grandma)).isEqualTo(1);
            relay.relayBatch();
            ConsumerRecord<String, String> granted = Events.first(consumer,
                    r -> grandma.equals(r.key()) && data(r).get("active").asBoolean());
            JsonNode envelope = json.readTree(granted.value());
            assertThat(envelope.get("type").asText()).isEqualTo("proxy.changed");
            assertThat(envelope.get("schema_version").asInt()).isEqualTo(1);
            assertThat(envelope.get("key").asText()).isEqualTo(grandma);
            assertThat(envelope.get("event_id").asText()).hasSize(36);
            JsonNode d = envelope.get("data");
            assertThat(d.get("proxy_id").asText()).isEqualTo(proxyId);
            assertThat(d.get("psn_no").asText()).as("the grantor").isEqualTo(grandma);
            assertThat(d.get("proxy_psn_no").asText()).as("the agent").isEqualTo(grandson);
            assertThat(d.get("version").asLong()).isEqualTo(1);

            // the agent revokes; a second revoke is a no-op and publishes nothing
            given().auth().oauth2(Tokens.person(grandson)).delete("/api/v1/proxies/{id}", proxyId)
                    .then().statusCode(204);
            given().auth().oauth2(Tokens.person(grandma)).delete("/api/v1/proxies/{id}", proxyId)
                    .then().statusCode(204);
            assertThat(proxyEvents(grandma)).isEqualTo(2);
            relay.relayBatch();
            ConsumerRecord<String, String> revoked = Events.first(consumer,
                    r -> grandma.equals(r.key()) && !data(r).get("active").asBoolean());
            JsonNode rd = data(revoked);
            assertThat(rd.get("proxy_id").asText()).isEqualTo(proxyId);
            assertThat(rd.get("proxy_psn_no").asText()).isEqualTo(grandson);
            assertThat(rd.get("version").asLong()).isGreaterThan(d.get("version").asLong());
        }
    }

    @Test
    void parallel_revokes_of_one_proxy_publish_one_revocation_R_BIND_11() throws Exception {
        String a = person("320102", "310");
        String b = person("320102", "310");
        String proxyId = given().auth().oauth2(Tokens.person(a)).contentType(ContentType.JSON)
                .body(Map.of("psn_no", a, "agent_psn_no", b)).post("/api/v1/proxies")
                .then().statusCode(201).extract().path("proxy_id");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String who = i % 2 == 0 ? a : b;
                calls.add(() -> given().auth().oauth2(Tokens.person(who)).delete("/api/v1/proxies/{id}", proxyId)
                        .then().extract().statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(204);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(proxyEvents(a)).as("one grant, one revocation").isEqualTo(2);
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>list(
                "type = 'proxy.changed' and key = ?1", a).stream().map(e -> e.payload).toList());
        assertThat(payloads.stream().map(p -> {
            try {
                return json.readTree(p).get("data").get("active").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).containsExactlyInAnyOrder(true, false);
    }
}
