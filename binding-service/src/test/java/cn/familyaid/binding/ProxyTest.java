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
}
