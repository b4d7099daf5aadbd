package cn.familyaid.binding;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.familyaid.binding.support.Family.bound;
import static cn.familyaid.binding.support.Family.events;
import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static cn.familyaid.binding.support.Family.plan;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** 扣款顺序 (R-BIND-5): new bindings last, any permutation by the beneficiary side, no gaps after removal. */
@QuarkusTest
class DeductionOrderTest {

    /** A grandmother with her three funders: two children and a grandchild, bound in that order. */
    record Funded(String grandma, String son, String daughter, String grandson, String b1, String b2, String b3) {
    }

    static Funded funded() {
        String grandma = person("320102", "390");
        String son = person("320102", "310");
        String daughter = person("320104", "310");
        String grandson = person("320106", "310");
        kin(son, grandma, "PARENT");
        kin(daughter, grandma, "PARENT");
        kin(grandson, grandma, "GRANDPARENT");
        return new Funded(grandma, son, daughter, grandson, bound(son, grandma, "PARENT"),
                bound(daughter, grandma, "PARENT"), bound(grandson, grandma, "GRANDPARENT"));
    }

    static List<String> planOrder(String beneficiary) {
        List<String> ids = new ArrayList<>();
        JsonNode funders = plan(beneficiary).get("funders");
        for (int i = 0; i < funders.size(); i++) {
            assertThat(funders.get(i).get("order").asInt()).isEqualTo(i + 1);
            ids.add(funders.get(i).get("binding_id").asText());
        }
        return ids;
    }

    static io.restassured.response.ValidatableResponse order(String token, String beneficiary, List<String> ids) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("binding_ids", ids))
                .put("/api/v1/beneficiaries/{p}/deduction-order", beneficiary).then();
    }

    @Test
    void new_bindings_go_last_and_the_beneficiary_sets_any_permutation_R_BIND_5() {
        Funded f = funded();
        assertThat(planOrder(f.grandma())).containsExactly(f.b1(), f.b2(), f.b3());
        order(Tokens.person(f.grandma()), f.grandma(), List.of(f.b3(), f.b1(), f.b2())).statusCode(200)
                .body("binding_id", contains(f.b3(), f.b1(), f.b2())).body("order", contains(1, 2, 3));
        assertThat(planOrder(f.grandma())).containsExactly(f.b3(), f.b1(), f.b2());
        given().auth().oauth2(Tokens.person(f.grandma())).get("/api/v1/bindings?beneficiary_psn_no={p}", f.grandma())
                .then().statusCode(200).body("binding_id", contains(f.b3(), f.b1(), f.b2()));
    }

    @Test
    void removing_a_binding_closes_the_gap_R_BIND_5() {
        Funded f = funded();
        given().auth().oauth2(Tokens.person(f.daughter())).delete("/api/v1/bindings/{id}", f.b2())
                .then().statusCode(204);
        assertThat(planOrder(f.grandma())).containsExactly(f.b1(), f.b3());
        List<Integer> orders = QuarkusTransaction.requiringNew().call(() -> Binding.activeOf(f.grandma()).stream()
                .map(b -> b.deductionOrder).toList());
        assertThat(orders).containsExactly(1, 2);
    }

    @Test
    void an_order_that_is_not_a_permutation_of_the_active_bindings_is_400_R_BIND_5() {
        Funded f = funded();
        String token = Tokens.person(f.grandma());
        order(token, f.grandma(), List.of(f.b1(), f.b2())).statusCode(400).body("code", equalTo("R-BIND-5"))
                .body("errors.field", hasItem("binding_ids"));
        order(token, f.grandma(), List.of(f.b1(), f.b1(), f.b2(), f.b3())).statusCode(400)
                .body("code", equalTo("R-BIND-5"));
        Funded other = funded();
        order(token, f.grandma(), List.of(f.b1(), f.b2(), other.b1())).statusCode(400)
                .body("code", equalTo("R-BIND-5"));
        order(token, f.grandma(), List.of("not-a-uuid")).statusCode(400).body("code", equalTo("VALIDATION"));
        assertThat(planOrder(f.grandma())).containsExactly(f.b1(), f.b2(), f.b3());
    }

    @Test
    void parallel_order_changes_leave_one_consistent_order_and_growing_versions_R_BIND_5() throws Exception {
        Funded f = funded();
        List<String> ids = List.of(f.b1(), f.b2(), f.b3());
        String token = Tokens.person(f.grandma());
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                List<String> perm = new ArrayList<>(ids);
                Collections.shuffle(perm, new Random(i));
                results.add(pool.submit(() -> order(token, f.grandma(), perm).extract().statusCode()));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        List<JsonNode> plans = events("binding.changed", f.grandma());
        assertThat(plans).hasSize(3 + 30);
        for (int i = 0; i < plans.size(); i++) {
            assertThat(plans.get(i).get("data").get("version").asLong()).isEqualTo(i + 1);
        }
        List<String> stored = QuarkusTransaction.requiringNew().call(() -> Binding.activeOf(f.grandma()).stream()
                .map(b -> b.id.toString()).toList());
        assertThat(planOrder(f.grandma())).isEqualTo(stored).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void only_the_beneficiary_side_orders() {
        Funded f = funded();
        List<String> ids = List.of(f.b2(), f.b1(), f.b3());
        order(Tokens.person(f.son()), f.grandma(), ids).statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        order(Tokens.agency("320102"), f.grandma(), ids).statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        order(Tokens.platform("320000"), f.grandma(), ids).statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().contentType(ContentType.JSON).body(Map.of("binding_ids", ids))
                .put("/api/v1/beneficiaries/{p}/deduction-order", f.grandma()).then().statusCode(401);
        assertThat(planOrder(f.grandma())).containsExactly(f.b1(), f.b2(), f.b3());
        // a guardian holding her proxy may act for her
        given().auth().oauth2(Tokens.person(f.grandma())).contentType(ContentType.JSON)
                .body(Map.of("psn_no", f.grandma(), "agent_psn_no", f.grandson())).post("/api/v1/proxies")
                .then().statusCode(201);
        order(Tokens.person(f.grandson()), f.grandma(), ids).statusCode(200);
        assertThat(planOrder(f.grandma())).containsExactly(f.b2(), f.b1(), f.b3());
    }
}
