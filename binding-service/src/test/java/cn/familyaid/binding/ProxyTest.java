package cn.familyaid.binding;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.domain.FundingPlan;
import cn.familyaid.binding.outbox.OutboxEvent;
import cn.familyaid.binding.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** 亲情账户 (R-BIND-11): an authorization to act for someone, never a binding, never a funding plan entry. */
@QuarkusTest
class ProxyTest {

    static long bindingsTouching(String a, String b) {
        return QuarkusTransaction.requiringNew().call(() -> Binding.count(
                "funderPsnNo in ?1 or beneficiaryPsnNo in ?1", java.util.List.of(a, b)));
    }

    static long planRows(String a, String b) {
        return QuarkusTransaction.requiringNew().call(() -> FundingPlan.count(
                "beneficiaryPsnNo in ?1", java.util.List.of(a, b)));
    }

    static long planEvents(String a, String b) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count(
                "type = 'binding.changed' and key in ?1", java.util.List.of(a, b)));
    }

    @Test
    void a_proxy_never_creates_a_binding_or_a_funding_plan_entry_R_BIND_11() {
        String father = person("320102", "310");
        String son = person("320102", "310");
        kin(father, son, "CHILD");
        String proxyId = given().auth().oauth2(Tokens.person(father)).contentType(ContentType.JSON)
                .body(Map.of("psn_no", father, "agent_psn_no", son)).post("/api/v1/proxies")
                .then().statusCode(201).body("status", equalTo("ACTIVE")).extract().path("proxy_id");
        // the agent now sees the father's bindings (query for him) ...
        given().auth().oauth2(Tokens.person(son)).get("/api/v1/bindings?beneficiary_psn_no={p}", father)
                .then().statusCode(200).body("$", hasSize(0));
        // ... but nothing was bound, no plan exists, no binding.changed was published for either of them
        assertThat(bindingsTouching(father, son)).isZero();
        assertThat(planRows(father, son)).isZero();
        assertThat(planEvents(father, son)).isZero();
        // and the proxy gives the agent no power to make the father's money pay for him
        given().auth().oauth2(Tokens.person(son)).contentType(ContentType.JSON)
                .body(cn.familyaid.binding.support.Family.bindBody(father, son, "CHILD")).post("/api/v1/bindings")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        assertThat(bindingsTouching(father, son)).isZero();

        given().auth().oauth2(Tokens.person(son)).delete("/api/v1/proxies/{id}", proxyId).then().statusCode(204);
        given().auth().oauth2(Tokens.person(son)).get("/api/v1/bindings?beneficiary_psn_no={p}", father)
                .then().statusCode(403);
        assertThat(planEvents(father, son)).isZero();
    }

    @Test
    void only_the_person_grants_and_only_the_person_or_agent_revokes() {
        String a = person("320102", "310");
        String b = person("320102", "390");
        Map<String, Object> body = Map.of("psn_no", a, "agent_psn_no", b);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/proxies").then().statusCode(401);
        given().auth().oauth2(Tokens.person(b)).contentType(ContentType.JSON).body(body).post("/api/v1/proxies")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.agency("320102")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/proxies").then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/proxies").then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        String id = given().auth().oauth2(Tokens.person(a)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/proxies").then().statusCode(201).extract().path("proxy_id");
        given().auth().oauth2(Tokens.person(a)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/proxies").then().statusCode(200).body("proxy_id", equalTo(id));
        given().auth().oauth2(Tokens.person("STRANGER")).delete("/api/v1/proxies/{id}", id)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.agency("320102")).delete("/api/v1/proxies/{id}", id)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.person(a)).get("/api/v1/proxies?psn_no={p}", a)
                .then().statusCode(200).body("$", hasSize(1));
        given().auth().oauth2(Tokens.person(b)).get("/api/v1/proxies?psn_no={p}", a)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.person(a)).delete("/api/v1/proxies/{id}", id).then().statusCode(204);
        given().auth().oauth2(Tokens.person(a)).get("/api/v1/proxies?psn_no={p}", a)
                .then().statusCode(200).body("$", hasSize(0));
    }

    @jakarta.inject.Inject
    cn.familyaid.binding.messaging.AccountClosedConsumer accountClosed;

    static String grant(String grantor, String agent) {
        return given().auth().oauth2(Tokens.person(grantor)).contentType(ContentType.JSON)
                .body(Map.of("psn_no", grantor, "agent_psn_no", agent)).post("/api/v1/proxies")
                .then().statusCode(201).extract().path("proxy_id");
    }

    /** Every proxy the grantor gave is REVOKED and its newest proxy.changed says so (version 2, inactive). */
    static void assertRevoked(String grantor, String revokedBy, String... proxyIds) {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> events =
                cn.familyaid.binding.support.Family.events("proxy.changed", grantor);
        for (String id : proxyIds) {
            cn.familyaid.binding.domain.Proxy p = QuarkusTransaction.requiringNew().call(
                    () -> cn.familyaid.binding.domain.Proxy.findById(java.util.UUID.fromString(id)));
            assertThat(p.status).as("proxy %s", id).isEqualTo(cn.familyaid.binding.domain.Proxy.Status.REVOKED);
            assertThat(p.revokedAt).isNotNull();
            assertThat(p.revokedBy).isEqualTo(revokedBy);
            java.util.List<com.fasterxml.jackson.databind.JsonNode> mine = events.stream()
                    .map(e -> e.get("data")).filter(d -> d.get("proxy_id").asText().equals(id)).toList();
            assertThat(mine).extracting(d -> d.get("version").asLong()).containsExactly(1L, 2L);
            assertThat(mine.get(1).get("active").asBoolean()).isFalse();
        }
        given().auth().oauth2(Tokens.person(grantor)).get("/api/v1/proxies?psn_no={p}", grantor)
                .then().statusCode(200).body("findAll { it.psn_no == '" + grantor + "' }", hasSize(0));
    }

    @Test
    void proxies_granted_by_a_person_who_dies_are_revoked_and_published_R_BIND_11() {
        String father = person("320102", "310");
        String son = person("320102", "310");
        String daughter = person("320102", "390");
        String wife = person("320102", "310");
        String toSon = grant(father, son);
        String toDaughter = grant(father, daughter);
        String heldForWife = grant(wife, father);
        cn.familyaid.binding.support.Family.update(father, "320102", "310", "1", "2026-11-21").statusCode(200);
        assertRevoked(father, "platform-000000", toSon, toDaughter);
        // the son no longer acts for the deceased
        given().auth().oauth2(Tokens.person(son)).get("/api/v1/bindings?funder_psn_no={p}", father)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        // the same death recorded again revokes nothing more
        cn.familyaid.binding.support.Family.update(father, "320102", "310", "1", "2026-11-21").statusCode(200);
        assertThat(cn.familyaid.binding.support.Family.events("proxy.changed", father)).hasSize(4);
        // a proxy the deceased held for someone else is the grantor's to revoke (not touched here)
        assertThat(cn.familyaid.binding.support.Family.events("proxy.changed", wife)).hasSize(1);
        assertThat(heldForWife).isNotNull();
    }

    @Test
    void proxies_granted_by_a_person_whose_insurance_is_terminated_are_revoked_R_BIND_11() {
        String mother = person("320102", "310");
        String son = person("320102", "390");
        String toSon = grant(mother, son);
        cn.familyaid.binding.support.Family.update(mother, "320102", "310", "4", null).statusCode(200);
        assertRevoked(mother, "platform-000000", toSon);
    }

    @Test
    void a_paused_person_keeps_the_proxies_they_granted_R_BIND_11() {
        String mother = person("320102", "310");
        String son = person("320102", "390");
        grant(mother, son);
        cn.familyaid.binding.support.Family.update(mother, "320102", "310", "2", null).statusCode(200);
        given().auth().oauth2(Tokens.person(son)).get("/api/v1/bindings?funder_psn_no={p}", mother)
                .then().statusCode(200);
        assertThat(cn.familyaid.binding.support.Family.events("proxy.changed", mother)).hasSize(1);
    }

    @Test
    void proxies_granted_by_a_person_whose_account_is_closed_are_revoked_R_BIND_11() {
        String mother = person("320102", "310");
        String son = person("320102", "390");
        String toSon = grant(mother, son);
        java.util.UUID eventId = java.util.UUID.randomUUID();
        cn.familyaid.binding.messaging.AccountClosedEvent event = new cn.familyaid.binding.messaging.AccountClosedEvent(
                eventId, "account.closed", new cn.familyaid.binding.messaging.AccountClosedEvent.Data(mother,
                "PERSONAL", "WITHDRAWAL", java.time.OffsetDateTime.parse("2026-11-22T08:00:00Z")));
        assertThat(accountClosed.apply(event)).isTrue();
        assertRevoked(mother, "account.closed", toSon);
        assertThat(accountClosed.apply(event)).isFalse();
        assertThat(cn.familyaid.binding.support.Family.events("proxy.changed", mother)).hasSize(2);
    }
}
