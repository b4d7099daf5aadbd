package cn.familyaid.binding;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.domain.Kinship;
import cn.familyaid.binding.domain.Relation;
import cn.familyaid.binding.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.familyaid.binding.support.Family.bound;
import static cn.familyaid.binding.support.Family.events;
import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static cn.familyaid.binding.support.Family.plan;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Kinship from civil records: both directions with the inverse relation, kinship.changed per direction. */
@QuarkusTest
class KinshipResourceTest {

    static Map<String, Object> body(String psn, String relative, String relation) {
        return Map.of("psn_no", psn, "relative_psn_no", relative, "relation", relation);
    }

    static Kinship row(String psn, String relative) {
        return QuarkusTransaction.requiringNew().call(() -> Kinship.findById(new Kinship.Key(psn, relative)));
    }

    @ParameterizedTest(name = "{0} is stored with its inverse")
    @EnumSource(Relation.class)
    void a_kinship_is_stored_both_ways_with_the_inverse_relation_and_published_per_direction(Relation relation) {
        String a = person("320102", "310");
        String b = person("440305", "390");
        // a cross-province kinship: only a platform covering both persons (here the national one) records it
        given().auth().oauth2(Tokens.platform("000000")).contentType(ContentType.JSON)
                .body(body(a, b, relation.name())).put("/api/v1/kinships")
                .then().statusCode(201).body("relation", equalTo(relation.name()))
                .body("inverse_relation", equalTo(relation.inverse().name())).body("active", equalTo(true));
        assertThat(row(a, b).relation).isEqualTo(relation);
        assertThat(row(b, a).relation).isEqualTo(relation.inverse());

        List<JsonNode> forA = events("kinship.changed", a);
        List<JsonNode> forB = events("kinship.changed", b);
        assertThat(forA).hasSize(1);
        assertThat(forB).hasSize(1);
        assertThat(forA.get(0).get("data").get("relative_psn_no").asText()).isEqualTo(b);
        assertThat(forA.get(0).get("data").get("relation").asText()).isEqualTo(relation.name());
        assertThat(forB.get(0).get("data").get("relation").asText()).isEqualTo(relation.inverse().name());
        assertThat(forB.get(0).get("data").get("active").asBoolean()).isTrue();

        // recording it again (from either side) changes nothing and publishes nothing
        given().auth().oauth2(Tokens.platform("000000")).contentType(ContentType.JSON)
                .body(body(b, a, relation.inverse().name())).put("/api/v1/kinships").then().statusCode(200);
        assertThat(events("kinship.changed", a)).hasSize(1);
    }

    @Test
    void an_ended_kinship_ends_the_pairs_bindings_R_BIND_8() {
        String wife = person("320102", "310");
        String husband = person("320102", "310");
        kin(wife, husband, "SPOUSE");
        String id1 = bound(wife, husband, "SPOUSE");
        String id2 = bound(husband, wife, "SPOUSE");
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON)
                .body(Map.of("psn_no", wife, "relative_psn_no", husband, "relation", "SPOUSE", "active", false))
                .put("/api/v1/kinships").then().statusCode(200).body("active", equalTo(false));
        for (String id : List.of(id1, id2)) {
            Binding b = QuarkusTransaction.requiringNew().call(() -> Binding.findById(UUID.fromString(id)));
            assertThat(b.status).isEqualTo(Binding.Status.ENDED);
            assertThat(b.endReason).isEqualTo("KINSHIP_ENDED");
        }
        assertThat(plan(wife).get("funders")).isEmpty();
        assertThat(plan(husband).get("funders")).isEmpty();
        assertThat(events("kinship.changed", husband).get(1).get("data").get("active").asBoolean()).isFalse();
        // each direction's events carry a growing version, so consumers apply them in order whatever the clocks
        assertThat(events("kinship.changed", husband).stream().map(e -> e.get("data").get("version").asLong()))
                .containsExactly(1L, 2L);
        assertThat(row(husband, wife).version).isEqualTo(2);
    }

    @Test
    void only_platforms_record_kinship_and_only_for_their_region() {
        String a = person("320102", "310");
        String b = person("320102", "390");
        given().contentType(ContentType.JSON).body(body(a, b, "CHILD")).put("/api/v1/kinships")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2(Tokens.person(a)).contentType(ContentType.JSON).body(body(a, b, "CHILD"))
                .put("/api/v1/kinships").then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.agency("320102")).contentType(ContentType.JSON).body(body(a, b, "CHILD"))
                .put("/api/v1/kinships").then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.platform("440000")).contentType(ContentType.JSON).body(body(a, b, "CHILD"))
                .put("/api/v1/kinships").then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        assertThat(row(a, b)).isNull();
        assertThat(row(b, a)).isNull();
    }

    @Test
    void a_platform_records_a_kinship_only_when_its_scope_covers_both_persons() {
        String nanjing = person("320102", "310");
        String suzhou = person("320506", "390");
        String shenzhen = person("440305", "390");
        // one side in scope is not enough: neither province records a cross-province kinship
        for (String scope : List.of("320000", "440000", "320102", "440305")) {
            given().auth().oauth2(Tokens.platform(scope)).contentType(ContentType.JSON)
                    .body(body(nanjing, shenzhen, "CHILD")).put("/api/v1/kinships")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("FORBIDDEN_REGION"));
        }
        // a region platform does not record a kinship with a person of another region of its province
        given().auth().oauth2(Tokens.platform("320102")).contentType(ContentType.JSON)
                .body(body(nanjing, suzhou, "CHILD")).put("/api/v1/kinships")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        assertThat(row(nanjing, shenzhen)).isNull();
        assertThat(row(shenzhen, nanjing)).isNull();
        assertThat(row(nanjing, suzhou)).isNull();
        assertThat(events("kinship.changed", nanjing)).isEmpty();
        // the province covers both of its regions; the national platform covers every province
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON)
                .body(body(nanjing, suzhou, "CHILD")).put("/api/v1/kinships").then().statusCode(201);
        given().auth().oauth2(Tokens.platform("000000")).contentType(ContentType.JSON)
                .body(body(nanjing, shenzhen, "CHILD")).put("/api/v1/kinships").then().statusCode(201);
        assertThat(row(shenzhen, nanjing).relation).isEqualTo(Relation.PARENT);
    }

    @Test
    void a_province_platform_cannot_end_a_cross_province_kinship_nor_its_bindings() {
        String funder = person("320102", "310");
        String mother = person("440305", "390");
        given().auth().oauth2(Tokens.platform("000000")).contentType(ContentType.JSON)
                .body(body(funder, mother, "PARENT")).put("/api/v1/kinships").then().statusCode(201);
        given().auth().oauth2(Tokens.platform("440000")).contentType(ContentType.JSON)
                .body(Map.of("psn_no", mother, "relative_psn_no", funder, "relation", "CHILD", "active", false))
                .put("/api/v1/kinships").then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        assertThat(row(funder, mother).active).isTrue();
        assertThat(row(mother, funder).active).isTrue();
    }

    @Test
    void bad_kinship_input_is_400_naming_the_field_and_unknown_persons_404() {
        String a = person("320102", "310");
        given().auth().oauth2(Tokens.platform("000000")).contentType(ContentType.JSON)
                .body(body(a, a, "CHILD")).put("/api/v1/kinships")
                .then().statusCode(400).body("errors.field", hasItem("relative_psn_no"));
        given().auth().oauth2(Tokens.platform("000000")).contentType(ContentType.JSON)
                .body(body(a, "NOBODY1", "FATHER_IN_LAW")).put("/api/v1/kinships")
                .then().statusCode(400).body("errors.field", hasItem("relation"));
        given().auth().oauth2(Tokens.platform("000000")).contentType(ContentType.JSON)
                .body(body(a, "NOBODY1", "CHILD")).put("/api/v1/kinships")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
