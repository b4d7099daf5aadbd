package cn.familyaid.binding;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.support.Api;
import cn.familyaid.binding.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.familyaid.binding.support.Family.bind;
import static cn.familyaid.binding.support.Family.bindBody;
import static cn.familyaid.binding.support.Family.bound;
import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static cn.familyaid.binding.support.Family.plan;
import static cn.familyaid.binding.support.Family.policy;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** Who may fund whom: R-BIND-1..4, -6, -7 each refused with its own rule id; duplicates and request_id replay. */
@QuarkusTest
class BindingRulesTest {

    @BeforeAll
    static void exact() {
        Api.exactAmounts();
    }

    static long bindingsOf(String funder) {
        return QuarkusTransaction.requiringNew().call(() -> Binding.count("funderPsnNo", funder));
    }

    static void refused(Map<String, Object> body, int status, String code) {
        bind(body).statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
        assertThat(bindingsOf((String) body.get("funder_psn_no"))).as("nothing written").isZero();
    }

    @Test
    void an_employee_binds_her_son_at_once_and_the_whole_plan_is_published() {
        String mother = person("320102", "310");
        String son = person("320105", "390");
        kin(mother, son, "CHILD");
        String id = bind(bindBody(mother, son, "CHILD")).statusCode(201)
                .body("status", equalTo("ACTIVE")).body("order", equalTo(1)).body("relation", equalTo("CHILD"))
                .body("share.mode", equalTo("ALL")).body("share.cap_amt", nullValue())
                .extract().path("binding_id");
        JsonNode plan = plan(son);
        assertThat(plan.get("beneficiary_psn_no").asText()).isEqualTo(son);
        assertThat(plan.get("version").asLong()).isEqualTo(1);
        assertThat(plan.get("funders")).hasSize(1);
        JsonNode f = plan.get("funders").get(0);
        assertThat(f.get("binding_id").asText()).isEqualTo(id);
        assertThat(f.get("funder_psn_no").asText()).isEqualTo(mother);
        assertThat(f.get("relation").asText()).isEqualTo("CHILD");
        assertThat(f.get("share_mode").asText()).isEqualTo("ALL");
        assertThat(f.get("cap_fen").isNull()).isTrue();
        assertThat(f.get("retained_min_fen").asLong()).isZero();
        assertThat(f.get("order").asInt()).isEqualTo(1);
    }

    // ---- R-BIND-1 funder: employee-insured, personal account, normal status

    @Test
    void a_resident_insured_funder_is_refused_R_BIND_1() {
        String funder = person("320102", "390");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        refused(bindBody(funder, child, "CHILD"), 403, "R-BIND-1");
    }

    @Test
    void a_paused_funder_cannot_create_a_binding_R_BIND_1() {
        String funder = person("320102", "310", "2");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        refused(bindBody(funder, child, "CHILD"), 403, "R-BIND-1");
    }

    @Test
    void a_terminated_funder_is_refused_R_BIND_1() {
        String funder = person("320102", "310", "4");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        refused(bindBody(funder, child, "CHILD"), 403, "R-BIND-1");
    }

    // ---- R-BIND-2 beneficiary: enrolled (310 or 390), normal status

    @Test
    void a_beneficiary_not_in_basic_insurance_is_refused_R_BIND_2() {
        String funder = person("320102", "310");
        String child = person("320102", "510");
        kin(funder, child, "CHILD");
        refused(bindBody(funder, child, "CHILD"), 403, "R-BIND-2");
    }

    @Test
    void a_paused_beneficiary_is_refused_R_BIND_2() {
        String funder = person("320102", "310");
        String child = person("320102", "390", "2");
        kin(funder, child, "CHILD");
        refused(bindBody(funder, child, "CHILD"), 403, "R-BIND-2");
    }

    // ---- R-BIND-3 near relatives only, as recorded, as the funder's region allows

    @ParameterizedTest(name = "{0} is a near relative")
    @CsvSource({"SPOUSE", "PARENT", "CHILD", "SIBLING", "GRANDPARENT", "GRANDCHILD"})
    void every_near_relative_may_be_bound_by_default_R_BIND_3(String relation) {
        String funder = person("320102", "310");
        String relative = person("320104", "390");
        kin(funder, relative, relation);
        bind(bindBody(funder, relative, relation)).statusCode(201).body("relation", equalTo(relation));
    }

    @Test
    void binding_to_spouses_parent_is_refused_R_BIND_3() {
        String wife = person("320102", "310");
        String husband = person("320102", "310");
        String husbandsMother = person("320102", "390");
        kin(wife, husband, "SPOUSE");
        kin(husband, husbandsMother, "PARENT");
        // the mother-in-law is the husband's PARENT, not the wife's: no near-relative kinship between them
        refused(bindBody(wife, husbandsMother, "PARENT"), 403, "R-BIND-3");
        // the husband himself may bind his mother
        bind(bindBody(husband, husbandsMother, "PARENT")).statusCode(201);
    }

    @Test
    void an_unrelated_person_is_refused_R_BIND_3() {
        String funder = person("320102", "310");
        String stranger = person("320102", "390");
        refused(bindBody(funder, stranger, "CHILD"), 403, "R-BIND-3");
    }

    @Test
    void a_relation_other_than_the_recorded_one_is_refused_R_BIND_3() {
        String funder = person("320102", "310");
        String son = person("320102", "390");
        kin(funder, son, "CHILD");
        refused(bindBody(funder, son, "SIBLING"), 403, "R-BIND-3");
    }

    @Test
    void a_relation_code_that_is_not_a_near_relative_is_400_naming_relation_R_BIND_3() {
        String funder = person("320102", "310");
        String inLaw = person("320102", "390");
        Map<String, Object> body = bindBody(funder, inLaw, "PARENT_IN_LAW");
        bind(body).log().ifValidationFails().statusCode(400).body("errors.field", hasItem("relation"));
    }

    @Test
    void a_narrowed_region_refuses_siblings_but_allows_spouse_parents_children_R_BIND_3() {
        String region = "3206" + (10 + (int) (Math.random() * 80));
        policy(region, Map.of("allowed_relations", List.of("SPOUSE", "PARENT", "CHILD")));
        String funder = person(region, "310");
        String sister = person(region, "390");
        String daughter = person(region, "390");
        kin(funder, sister, "SIBLING");
        kin(funder, daughter, "CHILD");
        refused(bindBody(funder, sister, "SIBLING"), 403, "R-BIND-3");
        bind(bindBody(funder, daughter, "CHILD")).statusCode(201);
    }

    @Test
    void the_province_row_applies_to_a_region_without_its_own_and_a_region_row_overrides_it_R_BIND_3() {
        String province = "5" + (1 + (int) (Math.random() * 8)) + "0000";
        String plain = province.substring(0, 2) + "0102";
        String own = province.substring(0, 2) + "0105";
        policy(province, Map.of("allowed_relations", List.of("SPOUSE")));
        policy(own, Map.of());
        String funder1 = person(plain, "310");
        String brother1 = person(plain, "390");
        kin(funder1, brother1, "SIBLING");
        refused(bindBody(funder1, brother1, "SIBLING"), 403, "R-BIND-3");
        String funder2 = person(own, "310");
        String brother2 = person(own, "390");
        kin(funder2, brother2, "SIBLING");
        bind(bindBody(funder2, brother2, "SIBLING")).statusCode(201);
    }

    // ---- R-BIND-4 same province unless both opened cross-province mutual aid

    @Test
    void funder_and_beneficiary_in_different_provinces_are_refused_R_BIND_4() {
        String mother = person("320102", "310");
        String son = person("440305", "390");
        kin(mother, son, "CHILD");
        refused(bindBody(mother, son, "CHILD"), 403, "R-BIND-4");
    }

    @Test
    void cross_province_needs_both_provinces_open_R_BIND_4() {
        String p1 = "6" + (1 + (int) (Math.random() * 4)) + "0000";
        String p2 = "6" + (5 + (int) (Math.random() * 4)) + "0000";
        String r1 = p1.substring(0, 2) + "0102";
        String r2 = p2.substring(0, 2) + "0305";
        policy(p1, Map.of("cross_province_open", true));
        String mother = person(r1, "310");
        String son = person(r2, "390");
        kin(mother, son, "CHILD");
        refused(bindBody(mother, son, "CHILD"), 403, "R-BIND-4");
        policy(p2, Map.of("cross_province_open", true));
        bind(bindBody(mother, son, "CHILD")).statusCode(201);
    }

    @Test
    void a_different_city_of_the_same_province_is_fine_R_BIND_4() {
        String mother = person("320102", "310");
        String son = person("320506", "390");
        kin(mother, son, "CHILD");
        bind(bindBody(mother, son, "CHILD")).statusCode(201);
    }

    // ---- R-BIND-6 the shared amount: ALL or a cap; the region's retained minimum is in the plan

    @Test
    void a_cap_is_stored_in_fen_and_the_retained_minimum_of_the_funders_region_is_in_the_plan_R_BIND_6() {
        String region = "3207" + (10 + (int) (Math.random() * 80));
        policy(region, Map.of("retained_min_amt", new BigDecimal("2000.00")));
        String father = person(region, "310");
        String daughter = person("320102", "390");
        kin(father, daughter, "CHILD");
        Map<String, Object> body = bindBody(father, daughter, "CHILD");
        body.put("share", Map.of("mode", "CAP", "cap_amt", new BigDecimal("1234.56")));
        bind(body).statusCode(201).body("share.mode", equalTo("CAP"))
                .body("share.cap_amt", equalTo(new BigDecimal("1234.56")));
        JsonNode f = plan(daughter).get("funders").get(0);
        assertThat(f.get("share_mode").asText()).isEqualTo("CAP");
        assertThat(f.get("cap_fen").asLong()).isEqualTo(123456);
        assertThat(f.get("retained_min_fen").asLong()).isEqualTo(200000);
    }

    @ParameterizedTest(name = "share {0} is refused")
    @CsvSource(delimiter = '|', value = {
            "{\"mode\":\"CAP\",\"cap_amt\":10.005}|share.cap_amt",
            "{\"mode\":\"CAP\",\"cap_amt\":-1}|share.cap_amt",
            "{\"mode\":\"CAP\",\"cap_amt\":0}|share.cap_amt",
            "{\"mode\":\"CAP\"}|share.cap_amt",
            "{\"mode\":\"ALL\",\"cap_amt\":100}|share.cap_amt"})
    void a_malformed_share_is_400_naming_the_field_R_BIND_6(String share, String field) throws Exception {
        String funder = person("320102", "310");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        Map<String, Object> body = bindBody(funder, child, "CHILD");
        body.put("share", new com.fasterxml.jackson.databind.ObjectMapper().readValue(share, Map.class));
        bind(body).statusCode(400).body("code", equalTo("R-BIND-6")).body("errors.field", hasItem(field));
        assertThat(bindingsOf(funder)).isZero();
    }

    @Test
    void a_cap_given_as_a_string_is_400() {
        String funder = person("320102", "310");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        Map<String, Object> body = bindBody(funder, child, "CHILD");
        body.put("share", Map.of("mode", "CAP", "cap_amt", "100.00"));
        bind(body).log().ifValidationFails().statusCode(400).body("code", equalTo("VALIDATION"));
    }

    @Test
    void the_funder_changes_the_share_and_the_plan_follows_R_BIND_6() {
        String funder = person("320102", "310");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        String id = bound(funder, child, "CHILD");
        given().auth().oauth2(Tokens.person(funder)).contentType(ContentType.JSON)
                .body(Map.of("share", Map.of("mode", "CAP", "cap_amt", new BigDecimal("500"))))
                .patch("/api/v1/bindings/{id}", id).then().statusCode(200)
                .body("share.cap_amt", equalTo(new BigDecimal("500.00")));
        JsonNode plan = plan(child);
        assertThat(plan.get("version").asLong()).isEqualTo(2);
        assertThat(plan.get("funders").get(0).get("cap_fen").asLong()).isEqualTo(50000);
    }

    // ---- R-BIND-7 channel and operator recorded; agency binds at the counter for people of its region

    @Test
    void an_agency_binds_at_the_counter_and_channel_and_operator_are_recorded_R_BIND_7() {
        String grandma = person("320102", "310");
        String grandson = person("320102", "390");
        kin(grandma, grandson, "GRANDCHILD");
        Map<String, Object> body = bindBody(grandma, grandson, "GRANDCHILD");
        body.put("channel", "COUNTER");
        String id = given().auth().oauth2(Tokens.agency("320102")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/bindings").then().statusCode(201).body("channel", equalTo("COUNTER"))
                .body("operator_role", equalTo("agency")).extract().path("binding_id");
        Binding b = QuarkusTransaction.requiringNew().call(() -> Binding.findById(UUID.fromString(id)));
        assertThat(b.channel).isEqualTo(Binding.Channel.COUNTER);
        assertThat(b.operator).isEqualTo("agency-320102");
        assertThat(b.operatorRole).isEqualTo("agency");

        String mother = person("320102", "310");
        String son = person("320102", "390");
        kin(mother, son, "CHILD");
        String online = bound(mother, son, "CHILD");
        Binding o = QuarkusTransaction.requiringNew().call(() -> Binding.findById(UUID.fromString(online)));
        assertThat(o.channel).isEqualTo(Binding.Channel.APP);
        assertThat(o.operator).isEqualTo("person-" + mother);
    }

    @Test
    void an_agency_must_use_the_counter_channel_and_a_person_must_not_R_BIND_7() {
        String funder = person("320102", "310");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        Map<String, Object> body = bindBody(funder, child, "CHILD");
        given().auth().oauth2(Tokens.agency("320102")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/bindings").then().statusCode(400).body("code", equalTo("R-BIND-7"))
                .body("errors.field", hasItem("channel"));
        body.put("channel", "COUNTER");
        refused(body, 400, "R-BIND-7");
    }

    // ---- duplicates and request_id

    @Test
    void a_second_live_binding_of_the_same_pair_is_409() {
        String funder = person("320102", "310");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        bound(funder, child, "CHILD");
        bind(bindBody(funder, child, "CHILD")).statusCode(409).body("code", equalTo("BINDING_EXISTS"));
        assertThat(bindingsOf(funder)).isEqualTo(1);
    }

    @Test
    void the_same_request_id_and_content_gets_the_original_answer_and_other_content_409() {
        String funder = person("320102", "310");
        String child = person("320102", "390");
        String other = person("320102", "390");
        kin(funder, child, "CHILD");
        kin(funder, other, "CHILD");
        Map<String, Object> body = bindBody(funder, child, "CHILD");
        String first = bind(body).statusCode(201).extract().asString();
        String again = bind(body).statusCode(200).extract().asString();
        assertThat(again).isEqualTo(first);
        assertThat(bindingsOf(funder)).isEqualTo(1);
        assertThat(Family_planVersion(child)).isEqualTo(1);

        Map<String, Object> changed = new HashMap<>(body);
        changed.put("share", Map.of("mode", "CAP", "cap_amt", 10));
        bind(changed).statusCode(409).body("code", equalTo("IDEMPOTENCY_CONFLICT"));
        Map<String, Object> otherBeneficiary = new HashMap<>(body);
        otherBeneficiary.put("beneficiary_psn_no", other);
        bind(otherBeneficiary).statusCode(409).body("code", equalTo("IDEMPOTENCY_CONFLICT"));
        assertThat(bindingsOf(funder)).isEqualTo(1);
    }

    @Test
    void a_refusal_is_replayed_for_the_same_request_id_even_after_the_cause_went_away() {
        String funder = person("320102", "310", "2");
        String child = person("320102", "390");
        kin(funder, child, "CHILD");
        Map<String, Object> body = bindBody(funder, child, "CHILD");
        bind(body).statusCode(403).body("code", equalTo("R-BIND-1"));
        cn.familyaid.binding.support.Family.update(funder, "320102", "310", "1", null).statusCode(200);
        bind(body).statusCode(403).body("code", equalTo("R-BIND-1"));
        body.put("request_id", "r-" + UUID.randomUUID());
        bind(body).statusCode(201);
    }

    static long Family_planVersion(String beneficiary) {
        return plan(beneficiary).get("version").asLong();
    }
}
