package cn.familyaid.binding;

import cn.familyaid.binding.outbox.OutboxEvent;
import cn.familyaid.binding.support.AsyncApi;
import cn.familyaid.binding.support.Capture;
import cn.familyaid.binding.support.Events;
import cn.familyaid.binding.support.Family;
import cn.familyaid.binding.support.TestStack;
import cn.familyaid.binding.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static cn.familyaid.binding.support.Family.bind;
import static cn.familyaid.binding.support.Family.bindBody;
import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events binding-service publishes are what its asyncapi.yaml says (README, Events): every record a real flow
 * writes to the broker, read back as the broker's admin, matches a message of its topic in the document (payload
 * schema, key, headers), and what the other services' documents say they read of it; the document names exactly
 * the topics the ACL matrix lets binding-service write and read.
 */
@QuarkusTest
class AsyncApiContractTest {
    static final AsyncApi DOC = AsyncApi.of(TestStack.SERVICE);

    @Test
    void the_document_names_exactly_the_topics_the_acl_matrix_lets_binding_service_write_and_read() {
        assertThat(DOC.written()).as("send operations (and replies of receive operations) = Write rows")
                .isEqualTo(Capture.granted(TestStack.SERVICE, AclOperation.WRITE));
        assertThat(DOC.read()).as("receive operations (and replies of send operations) = Read rows")
                .isEqualTo(Capture.granted(TestStack.SERVICE, AclOperation.READ));
    }

    @Test
    void every_event_a_real_flow_publishes_matches_asyncapi_yaml_and_what_its_readers_read() {
        try (Capture capture = Capture.of(DOC.written())) {
            String region = Family.region("32");
            Family.policy(region, Map.of("allowed_relations", List.of("PARENT", "CHILD", "SPOUSE"),
                    "retained_min_amt", new BigDecimal("12.34"), "extra_categories", List.of("CHECKUP")));
            String grandma = person(region, "390");
            String son = person(region, "310");
            String daughter = person("320104", "310");
            kin(son, grandma, "PARENT");
            kin(daughter, grandma, "PARENT");
            bind(bindBody(son, grandma, "PARENT")).statusCode(201);
            Map<String, Object> capped = bindBody(daughter, grandma, "PARENT");
            capped.put("share", Map.of("mode", "CAP", "cap_amt", new BigDecimal("300.50")));
            bind(capped).statusCode(201);
            String proxyId = given().auth().oauth2(Tokens.person(grandma)).contentType(ContentType.JSON)
                    .body(Map.of("psn_no", grandma, "agent_psn_no", son)).post("/api/v1/proxies")
                    .then().statusCode(201).extract().path("proxy_id");
            given().auth().oauth2(Tokens.person(grandma)).delete("/api/v1/proxies/{id}", proxyId)
                    .then().statusCode(204);
            // a death: person.changed with a death_date, and every binding of the beneficiary ends (empty plan)
            Family.update(grandma, region, "390", "1", "2026-11-01").statusCode(200);
            // an account.closed the consumer cannot apply goes to the dead-letter topic
            Events.send("account.closed", son, "{\"type\":\"account.closed\",\"data\":{\"psn_no\":\"" + son + "\"}}");

            Set<String> expected = DOC.publishedMessages();
            int[] checked = {0};
            Set<String> seen = new TreeSet<>();
            List<ConsumerRecord<String, String>> records = capture.until(all -> {
                all.subList(checked[0], all.size()).forEach(r -> seen.add(DOC.publishedAs(r).id()));
                checked[0] = all.size();
                return seen.containsAll(expected);
            });
            assertThat(seen).as("every message of asyncapi.yaml was published by the flow").containsAll(expected);
            for (ConsumerRecord<String, String> r : records) {
                assertThat(DOC.readersRefusing(r)).as("readers of %s", r.topic()).isEmpty();
            }
        }
    }

    @Test
    void the_schemas_refuse_an_event_that_misses_a_required_field_or_has_a_wrong_type() {
        String psn = person("320102", "310");
        String published = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>find(
                "type = ?1 and key = ?2 order by seq", "person.changed", psn).firstResult().payload);
        AsyncApi.Message message = DOC.publishedOn("person.changed").get(0);
        assertThat(DOC.problems(message, record("person.changed", psn, published))).as("as published").isEmpty();
        assertThat(DOC.problems(message, record("person.changed", psn, published.replace("\"certno\":", "\"cert_no\":"))))
                .as("certno missing").anyMatch(p -> p.contains("certno"));
        assertThat(DOC.problems(message, record("person.changed", psn,
                published.replaceFirst("\"version\":(\\d+)", "\"version\":\"$1\"")))).as("version a string")
                .anyMatch(p -> p.contains("version"));
        assertThat(DOC.problems(message, record("person.changed", psn, published.replace("\"schema_version\":1",
                "\"schema_version\":2")))).as("another version").anyMatch(p -> p.contains("schema_version"));
        assertThat(DOC.problems(message, record("person.changed", "OTHER", published))).as("keyed otherwise")
                .anyMatch(p -> p.startsWith("key"));
    }

    static ConsumerRecord<String, String> record(String topic, String key, String value) {
        return new ConsumerRecord<>(topic, 0, 0L, key, value);
    }
}
