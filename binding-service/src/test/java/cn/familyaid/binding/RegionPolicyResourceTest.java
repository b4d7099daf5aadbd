package cn.familyaid.binding;

import cn.familyaid.binding.support.Api;
import cn.familyaid.binding.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

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
import static org.hamcrest.Matchers.hasSize;

/** Region policy: stored per region or province, resolved region → province → defaults, published. */
@QuarkusTest
class RegionPolicyResourceTest {

    @BeforeAll
    static void exact() {
        Api.exactAmounts();
    }

    private static final java.util.concurrent.atomic.AtomicInteger PROVINCES = new java.util.concurrent.atomic.AtomicInteger(70);

    /** A province no other test uses in this run (the test database is cleaned at start). */
    static String province() {
        return PROVINCES.getAndIncrement() + "0000";
    }

    @Test
    void a_platform_sets_a_policy_in_yuan_stored_in_fen_and_it_is_published() {
        String prov = province();
        String region = prov.substring(0, 2) + "0" + (100 + (int) (Math.random() * 800));
        given().auth().oauth2(Tokens.platform(prov)).contentType(ContentType.JSON)
                .body(Map.of("allowed_relations", List.of("SPOUSE", "PARENT", "CHILD"), "cross_province_open", true,
                        "retained_min_amt", new BigDecimal("2000.50"), "acceptance_required", true,
                        "extra_categories", List.of("CHECKUP", "LTC_PREMIUM")))
                .put("/api/v1/regions/{a}/policy", region).then().statusCode(201)
                .body("source", equalTo("REGION")).body("retained_min_amt", equalTo(new BigDecimal("2000.50")))
                .body("allowed_relations", contains("SPOUSE", "PARENT", "CHILD"))
                .body("version", equalTo(1));
        given().auth().oauth2(Tokens.person("ANYONE")).get("/api/v1/regions/{a}/policy", region).then()
                .statusCode(200).body("acceptance_required", equalTo(true)).body("cross_province_open", equalTo(true))
                .body("extra_categories", contains("CHECKUP", "LTC_PREMIUM"));
        List<JsonNode> published = events("region.policy.changed", region);
        assertThat(published).hasSize(1);
        JsonNode data = published.get(0).get("data");
        assertThat(data.get("retained_min_fen").asLong()).isEqualTo(200050);
        assertThat(data.get("allowed_relations")).hasSize(3);
        assertThat(data.get("acceptance_required").asBoolean()).isTrue();
        assertThat(data.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void a_region_without_a_row_falls_back_to_its_province_then_to_the_defaults() {
        String prov = province();
        String region = prov.substring(0, 2) + "0102";
        given().auth().oauth2(Tokens.platform("000000")).get("/api/v1/regions/{a}/policy", region).then()
                .statusCode(200).body("source", equalTo("DEFAULT")).body("allowed_relations", hasSize(6))
                .body("retained_min_amt", equalTo(new BigDecimal("0.00"))).body("cross_province_open", equalTo(false))
                .body("acceptance_required", equalTo(false));
        given().auth().oauth2(Tokens.platform(prov)).contentType(ContentType.JSON)
                .body(Map.of("retained_min_amt", 100)).put("/api/v1/regions/{a}/policy", prov).then().statusCode(201);
        given().auth().oauth2(Tokens.agency(region)).get("/api/v1/regions/{a}/policy", region).then()
                .statusCode(200).body("source", equalTo("PROVINCE")).body("policy_admdvs", equalTo(prov))
                .body("retained_min_amt", equalTo(new BigDecimal("100.00")));
    }

    @Test
    void a_new_retained_minimum_republishes_the_plans_funded_from_that_region_R_BIND_6() {
        String prov = province();
        String region = prov.substring(0, 2) + "0102";
        String funder = person(region, "310");
        String child = person(region, "390");
        kin(funder, child, "CHILD");
        bound(funder, child, "CHILD");
        assertThat(plan(child).get("funders").get(0).get("retained_min_fen").asLong()).isZero();
        given().auth().oauth2(Tokens.platform(prov)).contentType(ContentType.JSON)
                .body(Map.of("retained_min_amt", new BigDecimal("2000"))).put("/api/v1/regions/{a}/policy", prov)
                .then().statusCode(201);
        JsonNode plan = plan(child);
        assertThat(plan.get("version").asLong()).isEqualTo(2);
        assertThat(plan.get("funders").get(0).get("retained_min_fen").asLong()).isEqualTo(200000);
    }

    @Test
    void bad_policy_input_is_400_naming_the_field() {
        String prov = province();
        given().auth().oauth2(Tokens.platform(prov)).contentType(ContentType.JSON)
                .body(Map.of("retained_min_amt", new BigDecimal("1.234"))).put("/api/v1/regions/{a}/policy", prov)
                .then().statusCode(400).body("errors.field", hasItem("retained_min_amt"));
        given().auth().oauth2(Tokens.platform(prov)).contentType(ContentType.JSON)
                .body(Map.of("retained_min_amt", -1)).put("/api/v1/regions/{a}/policy", prov)
                .then().statusCode(400).body("errors.field", hasItem("retained_min_amt"));
        given().auth().oauth2(Tokens.platform(prov)).contentType(ContentType.JSON)
                .body(Map.of("allowed_relations", List.of("COUSIN"))).put("/api/v1/regions/{a}/policy", prov)
                .then().statusCode(400).body("code", equalTo("VALIDATION"));
        given().auth().oauth2(Tokens.platform(prov)).contentType(ContentType.JSON)
                .body(Map.of("allowed_relations", List.of())).put("/api/v1/regions/{a}/policy", prov)
                .then().statusCode(400).body("errors.field", hasItem("allowed_relations"));
        given().auth().oauth2(Tokens.platform(prov)).contentType(ContentType.JSON)
                .body(Map.of("cross_province_open", "yes")).put("/api/v1/regions/{a}/policy", prov)
                .then().statusCode(400).body("errors.field", hasItem("cross_province_open"));
        given().auth().oauth2(Tokens.platform("000000")).contentType(ContentType.JSON)
                .body(Map.of()).put("/api/v1/regions/{a}/policy", "32")
                .then().statusCode(400).body("code", equalTo("VALIDATION"));
        assertThat(events("region.policy.changed", prov)).isEmpty();
    }

    @Test
    void only_a_platform_of_that_region_sets_its_policy() {
        String prov = province();
        given().contentType(ContentType.JSON).body(Map.of()).put("/api/v1/regions/{a}/policy", prov)
                .then().statusCode(401);
        given().get("/api/v1/regions/{a}/policy", prov).then().statusCode(401);
        given().auth().oauth2(Tokens.person("P1")).contentType(ContentType.JSON).body(Map.of())
                .put("/api/v1/regions/{a}/policy", prov).then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.agency(prov)).contentType(ContentType.JSON).body(Map.of())
                .put("/api/v1/regions/{a}/policy", prov).then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(Map.of())
                .put("/api/v1/regions/{a}/policy", prov).then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        // a city platform may not set its province's policy
        given().auth().oauth2(Tokens.platform(prov.substring(0, 2) + "0102")).contentType(ContentType.JSON)
                .body(Map.of()).put("/api/v1/regions/{a}/policy", prov)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        assertThat(events("region.policy.changed", prov)).isEmpty();
    }
}
