package cn.familyaid.binding;

import cn.familyaid.binding.outbox.OutboxEvent;
import cn.familyaid.binding.support.BadInput;
import cn.familyaid.binding.support.Family;
import cn.familyaid.binding.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Bad input never reaches the database: every write endpoint against the corpus of malformed requests
 * (support/BadInput), plus the defects found by hand — numbers read as enum positions, date-times cut to dates,
 * NUL and unpaired surrogates, and the HTTP server's own limits — each a 4xx problem+json naming the field.
 */
@QuarkusTest
class BadInputTest {

    static long written() {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count());
    }

    List<BadInput.Endpoint> endpoints() {
        String funder = Family.person("320102", "310");
        String beneficiary = Family.person("320102", "390");
        Family.kin(funder, beneficiary, "CHILD");
        String platform = Tokens.platform(Family.NATIONAL);
        List<BadInput.Endpoint> all = new ArrayList<>();
        all.add(new BadInput.Endpoint("PUT", "/api/v1/persons/" + Family.psn(), platform,
                Family.personBody("320102", "310", "1", null),
                List.of("psn_name", "certno", "gend"), List.of(), List.of("brdy"), List.of(), List.of()));
        all.add(new BadInput.Endpoint("PUT", "/api/v1/kinships", platform,
                new java.util.LinkedHashMap<>(Map.of("psn_no", funder, "relative_psn_no", Family.person("320102", "390"),
                        "relation", "CHILD")),
                List.of("psn_no", "relative_psn_no"), List.of("relation"), List.of(), List.of(), List.of()));
        Map<String, Object> bind = Family.bindBody(funder, beneficiary, "CHILD");
        bind.put("share", new java.util.LinkedHashMap<>(Map.of("mode", "CAP", "cap_amt", new java.math.BigDecimal("100.00"))));
        all.add(new BadInput.Endpoint("POST", "/api/v1/bindings", Tokens.person(funder), bind,
                List.of("request_id", "beneficiary_psn_no"), List.of("relation", "channel", "share.mode"), List.of(),
                List.of(), List.of("share.cap_amt")));
        String id = Family.bound(funder, beneficiary, "CHILD");
        all.add(new BadInput.Endpoint("PATCH", "/api/v1/bindings/" + id, Tokens.person(funder),
                new java.util.LinkedHashMap<>(Map.of("share", new java.util.LinkedHashMap<>(Map.of("mode", "CAP",
                        "cap_amt", new java.math.BigDecimal("50.00"))))),
                List.of(), List.of("share.mode"), List.of(), List.of(), List.of("share.cap_amt")));
        all.add(new BadInput.Endpoint("PUT", "/api/v1/beneficiaries/" + beneficiary + "/deduction-order",
                Tokens.person(beneficiary), new java.util.LinkedHashMap<>(Map.of("binding_ids", List.of(id))),
                List.of(), List.of(), List.of(), List.of(), List.of()));
        String agent = Family.person("320102", "310");
        Family.kin(funder, agent, "CHILD");
        all.add(new BadInput.Endpoint("POST", "/api/v1/proxies", Tokens.person(funder),
                new java.util.LinkedHashMap<>(Map.of("psn_no", funder, "agent_psn_no", agent)),
                List.of("psn_no", "agent_psn_no"), List.of(), List.of(), List.of(), List.of()));
        String region = Family.region("32");
        all.add(new BadInput.Endpoint("PUT", "/api/v1/regions/" + region + "/policy", platform,
                new java.util.LinkedHashMap<>(Map.of("allowed_relations", List.of("SPOUSE", "CHILD"),
                        "cross_province_open", true, "retained_min_amt", new java.math.BigDecimal("20.00"),
                        "acceptance_required", false, "extra_categories", List.of("CHECKUP"))),
                List.of(), List.of(), List.of(), List.of(), List.of("retained_min_amt")));
        return all;
    }

    @Test
    void every_write_endpoint_refuses_the_bad_input_corpus_with_a_problem_naming_the_field_and_writes_nothing() {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (BadInput.Endpoint e : endpoints()) {
            cases += BadInput.size(e);
            failures.addAll(BadInput.failures(e, BadInputTest::written));
        }
        assertThat(failures).as("of %d cases", cases).isEmpty();
    }

    @Test
    void an_integer_is_not_read_as_the_enum_position_relation_2_is_not_CHILD() {
        String funder = Family.person("320102", "310");
        String beneficiary = Family.person("320102", "390");
        Family.kin(funder, beneficiary, "CHILD");
        Map<String, Object> body = Family.bindBody(funder, beneficiary, "CHILD");
        body.put("relation", 2);
        given().auth().oauth2(Tokens.person(funder)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/bindings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION")).body("errors.field", hasItem("relation"));
        body.put("relation", "CHILD");
        body.put("share", Map.of("mode", 1));
        given().auth().oauth2(Tokens.person(funder)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/bindings")
                .then().statusCode(400).body("errors.field", hasItem("share.mode"));
    }

    @Test
    void a_date_time_is_not_cut_to_a_date() {
        Map<String, Object> body = Family.personBody("320102", "310", "1", null);
        body.put("brdy", "2026-11-30T23:30:00Z");
        given().auth().oauth2(Tokens.platform(Family.NATIONAL)).contentType(ContentType.JSON).body(body)
                .put("/api/v1/persons/{p}", Family.psn())
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("brdy"));
    }

    @Test
    void a_nul_or_a_lone_surrogate_in_a_body_or_a_path_id_is_refused_naming_it() {
        String funder = Family.person("320102", "310");
        long before = written();
        String body = BadInput.json(Family.personBody("320102", "310", "1", null)).replace("张三", "张\\u0000三");
        given().auth().oauth2(Tokens.platform(Family.NATIONAL)).contentType(ContentType.JSON).body(body)
                .put("/api/v1/persons/{p}", Family.psn())
                .then().statusCode(400).body("errors.field", hasItem("psn_name"));
        body = BadInput.json(Family.personBody("320102", "310", "1", null)).replace("张三", "张\\ud800");
        given().auth().oauth2(Tokens.platform(Family.NATIONAL)).contentType(ContentType.JSON).body(body)
                .put("/api/v1/persons/{p}", Family.psn())
                .then().statusCode(400).body("errors.field", hasItem("psn_name"));
        given().auth().oauth2(Tokens.platform(Family.NATIONAL)).urlEncodingEnabled(false)
                .get("/api/v1/persons/AB%00CD")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("psn_no"));
        given().auth().oauth2(Tokens.platform(Family.NATIONAL)).urlEncodingEnabled(false)
                .get("/api/v1/bindings/AB%00CD")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("id"));
        // the write endpoints without a body, by their path ids
        given().auth().oauth2(Tokens.person(funder)).urlEncodingEnabled(false).post("/api/v1/bindings/AB%00CD/accept")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("id"));
        given().auth().oauth2(Tokens.person(funder)).urlEncodingEnabled(false).delete("/api/v1/bindings/AB%00CD")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("id"));
        given().auth().oauth2(Tokens.person(funder)).urlEncodingEnabled(false).delete("/api/v1/proxies/AB%00CD")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("id"));
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void the_http_servers_own_limits_answer_problem_json() {
        given().auth().oauth2(Tokens.platform(Family.NATIONAL))
                .get("/api/v1/persons/" + "A".repeat(5_000))
                .then().statusCode(414).contentType("application/problem+json").body("code", equalTo("URI_TOO_LONG"));
        given().auth().oauth2(Tokens.platform(Family.NATIONAL)).header("X-Padding", "p".repeat(20_000))
                .get("/api/v1/persons/X1")
                .then().statusCode(431).contentType("application/problem+json").body("code", equalTo("HEADERS_TOO_LARGE"));
        given().auth().oauth2(Tokens.platform(Family.NATIONAL)).contentType(ContentType.JSON)
                .body("{\"psn_name\":\"" + "x".repeat(1_100_000) + "\"}")
                .put("/api/v1/persons/{p}", Family.psn())
                .then().statusCode(413).contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }
}
