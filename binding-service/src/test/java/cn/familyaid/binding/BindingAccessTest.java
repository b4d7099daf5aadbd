package cn.familyaid.binding;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.support.Family;
import cn.familyaid.binding.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static cn.familyaid.binding.support.Family.bindBody;
import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Every binding endpoint refuses the wrong person, the wrong role and the wrong region; 401 without a token. */
@QuarkusTest
class BindingAccessTest {

    record Pair(String funder, String child, String bindingId) {
    }

    static Pair pair(boolean acceptance) {
        String region = acceptance ? "3208" + (10 + (int) (Math.random() * 80)) : "320102";
        if (acceptance) {
            Family.policy(region, Map.of("acceptance_required", true));
        }
        String funder = person(region, "310");
        String child = person(region, "390");
        kin(funder, child, "CHILD");
        String id = Family.bind(bindBody(funder, child, "CHILD")).statusCode(201).extract().path("binding_id");
        return new Pair(funder, child, id);
    }

    static Binding binding(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Binding.findById(UUID.fromString(id)));
    }

    @Test
    void post_bindings() {
        String funder = person("320102", "310");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        Map<String, Object> app = bindBody(funder, child, "CHILD");
        Map<String, Object> counter = new java.util.HashMap<>(bindBody(funder, child, "CHILD"));
        counter.put("channel", "COUNTER");
        given().contentType(ContentType.JSON).body(app).post("/api/v1/bindings").then().statusCode(401);
        given().auth().oauth2(Tokens.person(child)).contentType(ContentType.JSON).body(app).post("/api/v1/bindings")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(app)
                .post("/api/v1/bindings").then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.institution("H32010200001")).contentType(ContentType.JSON).body(app)
                .post("/api/v1/bindings").then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.agency("440305")).contentType(ContentType.JSON).body(counter)
                .post("/api/v1/bindings").then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.agency("320104")).contentType(ContentType.JSON).body(counter)
                .post("/api/v1/bindings").then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> Binding.count("funderPsnNo", funder))).isZero();
        given().auth().oauth2(Tokens.agency("320000")).contentType(ContentType.JSON).body(counter)
                .post("/api/v1/bindings").then().statusCode(201);
    }

    @Test
    void accept_where_the_region_requires_it() {
        Pair p = pair(true);
        assertThat(binding(p.bindingId()).status).isEqualTo(Binding.Status.PENDING);
        assertThat(Family.plan(p.child())).as("no plan until accepted").isNull();
        given().post("/api/v1/bindings/{id}/accept", p.bindingId()).then().statusCode(401);
        given().auth().oauth2(Tokens.person(p.funder())).post("/api/v1/bindings/{id}/accept", p.bindingId())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.platform("320000")).post("/api/v1/bindings/{id}/accept", p.bindingId())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.agency("440305")).post("/api/v1/bindings/{id}/accept", p.bindingId())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        assertThat(binding(p.bindingId()).status).isEqualTo(Binding.Status.PENDING);
        given().auth().oauth2(Tokens.person(p.child())).post("/api/v1/bindings/{id}/accept", p.bindingId())
                .then().statusCode(200).body("status", equalTo("ACTIVE")).body("order", equalTo(1));
        assertThat(Family.plan(p.child()).get("funders")).hasSize(1);
        given().auth().oauth2(Tokens.person(p.child())).post("/api/v1/bindings/{id}/accept", p.bindingId())
                .then().statusCode(200);
        assertThat(Family.plan(p.child()).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void patch_share() {
        Pair p = pair(false);
        Map<String, Object> body = Map.of("share", Map.of("mode", "CAP", "cap_amt", 100));
        given().contentType(ContentType.JSON).body(body).patch("/api/v1/bindings/{id}", p.bindingId())
                .then().statusCode(401);
        given().auth().oauth2(Tokens.person(p.child())).contentType(ContentType.JSON).body(body)
                .patch("/api/v1/bindings/{id}", p.bindingId()).then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.agency("320102")).contentType(ContentType.JSON).body(body)
                .patch("/api/v1/bindings/{id}", p.bindingId()).then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(body)
                .patch("/api/v1/bindings/{id}", p.bindingId()).then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
        assertThat(binding(p.bindingId()).capFen).isNull();
    }

    @Test
    void delete_binding() {
        Pair p = pair(false);
        given().delete("/api/v1/bindings/{id}", p.bindingId()).then().statusCode(401);
        given().auth().oauth2(Tokens.person(p.child())).delete("/api/v1/bindings/{id}", p.bindingId())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.platform("320000")).delete("/api/v1/bindings/{id}", p.bindingId())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.agency("440305")).delete("/api/v1/bindings/{id}", p.bindingId())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        assertThat(binding(p.bindingId()).status).isEqualTo(Binding.Status.ACTIVE);
        given().auth().oauth2(Tokens.agency("320102")).delete("/api/v1/bindings/{id}", p.bindingId())
                .then().statusCode(204);
        assertThat(binding(p.bindingId()).status).isEqualTo(Binding.Status.ENDED);
        assertThat(binding(p.bindingId()).endedBy).isEqualTo("agency-320102");
        given().auth().oauth2(Tokens.person(p.funder())).delete("/api/v1/bindings/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void list_and_get_bindings() {
        Pair p = pair(false);
        given().get("/api/v1/bindings?funder_psn_no={p}", p.funder()).then().statusCode(401);
        given().auth().oauth2(Tokens.person(p.funder())).get("/api/v1/bindings?funder_psn_no={p}", p.funder())
                .then().statusCode(200).body("$", hasSize(1)).body("[0].binding_id", equalTo(p.bindingId()));
        given().auth().oauth2(Tokens.person(p.child())).get("/api/v1/bindings?beneficiary_psn_no={p}", p.child())
                .then().statusCode(200).body("$", hasSize(1)).body("[0].order", equalTo(1));
        given().auth().oauth2(Tokens.person(p.child())).get("/api/v1/bindings?funder_psn_no={p}", p.funder())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.institution("H1")).get("/api/v1/bindings?funder_psn_no={p}", p.funder())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.platform("440000")).get("/api/v1/bindings?funder_psn_no={p}", p.funder())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.agency("320102")).get("/api/v1/bindings?beneficiary_psn_no={p}", p.child())
                .then().statusCode(200).body("$", hasSize(1));
        given().auth().oauth2(Tokens.platform("320000")).get("/api/v1/bindings?funder_psn_no={p}&status=ENDED",
                p.funder()).then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(Tokens.person(p.funder())).get("/api/v1/bindings").then().statusCode(400)
                .body("code", equalTo("VALIDATION"));

        given().auth().oauth2(Tokens.person(p.child())).get("/api/v1/bindings/{id}", p.bindingId())
                .then().statusCode(200).body("funder_psn_no", equalTo(p.funder()));
        given().auth().oauth2(Tokens.person("STRANGER")).get("/api/v1/bindings/{id}", p.bindingId())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.agency("440305")).get("/api/v1/bindings/{id}", p.bindingId())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.institution("H1")).get("/api/v1/bindings/{id}", p.bindingId())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
    }

    @Test
    void a_caller_not_allowed_to_list_or_order_cannot_tell_whether_the_person_exists() {
        Pair p = pair(false);
        String nobody = Family.psn();
        for (String psn : new String[] {p.funder(), nobody}) {
            given().auth().oauth2(Tokens.person("STRANGER")).get("/api/v1/bindings?funder_psn_no={p}", psn)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("FORBIDDEN_PERSON"));
            given().auth().oauth2(Tokens.agency("440305")).get("/api/v1/bindings?beneficiary_psn_no={p}", psn)
                    .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
            given().auth().oauth2(Tokens.platform("440000")).get("/api/v1/bindings?funder_psn_no={p}", psn)
                    .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        }
        for (String psn : new String[] {p.child(), nobody}) {
            given().auth().oauth2(Tokens.person("STRANGER")).contentType(ContentType.JSON)
                    .body(Map.of("binding_ids", java.util.List.of())).put("/api/v1/beneficiaries/{p}/deduction-order", psn)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("FORBIDDEN_PERSON"));
        }
        // the national scope may read anyone, so it is told the person does not exist
        given().auth().oauth2(Tokens.platform("000000")).get("/api/v1/bindings?funder_psn_no={p}", nobody)
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }
}
