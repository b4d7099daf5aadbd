package cn.familyaid.binding;

import cn.familyaid.binding.support.Family;
import cn.familyaid.binding.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * The exact calls deploy/local/demo-data should make for the demo family across Jiangsu and Guangdong
 * (mother DEMO0001 310 320102, father DEMO0002 310 320102, son DEMO0003 390 440305, grandmother DEMO0004 390
 * 320102), replayed twice to show they are idempotent.
 */
@QuarkusTest
class DemoFamilyTest {

    static int put(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put(path).then()
                .extract().statusCode();
    }

    static String post(String token, Object body) {
        var r = given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/bindings")
                .then().extract();
        assertThat(r.statusCode()).isIn(201, 200);
        return r.path("binding_id");
    }

    @Test
    void the_demo_family_loads_and_reloads() {
        Family.update("DEMO0001", "320102", "310", "1", null).statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)));
        Family.update("DEMO0002", "320102", "310", "1", null).statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)));
        Family.update("DEMO0003", "440305", "390", "1", null).statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)));
        Family.update("DEMO0004", "320102", "390", "1", null).statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)));
        for (int round = 0; round < 2; round++) {
            // region policies: both provinces open cross-province mutual aid (R-BIND-4)
            assertThat(put(Tokens.platform("320000"), "/api/v1/regions/320000/policy",
                    Map.of("cross_province_open", true))).isIn(200, 201);
            assertThat(put(Tokens.platform("440000"), "/api/v1/regions/440000/policy",
                    Map.of("cross_province_open", true))).isIn(200, 201);
            // kinships (relation = what relative_psn_no is to psn_no); the grandmother is the father's mother
            String platform = Tokens.platform("000000");
            for (List<String> k : List.of(List.of("DEMO0001", "DEMO0002", "SPOUSE"),
                    List.of("DEMO0001", "DEMO0003", "CHILD"), List.of("DEMO0002", "DEMO0003", "CHILD"),
                    List.of("DEMO0002", "DEMO0004", "PARENT"), List.of("DEMO0003", "DEMO0004", "GRANDPARENT"))) {
                assertThat(put(platform, "/api/v1/kinships",
                        Map.of("psn_no", k.get(0), "relative_psn_no", k.get(1), "relation", k.get(2)))).isIn(200, 201);
            }
            // bindings
            String fatherToGrandma = post(Tokens.person("DEMO0002"), Map.of("request_id", "demo-DEMO0002-DEMO0004",
                    "funder_psn_no", "DEMO0002", "beneficiary_psn_no", "DEMO0004", "relation", "PARENT",
                    "share", Map.of("mode", "ALL"), "channel", "APP"));
            String motherToSon = post(Tokens.person("DEMO0001"), Map.of("request_id", "demo-DEMO0001-DEMO0003",
                    "funder_psn_no", "DEMO0001", "beneficiary_psn_no", "DEMO0003", "relation", "CHILD",
                    "share", Map.of("mode", "CAP", "cap_amt", 2000.00), "channel", "WECHAT"));
            String fatherToSon = post(Tokens.agency("320102"), Map.of("request_id", "demo-DEMO0002-DEMO0003",
                    "funder_psn_no", "DEMO0002", "beneficiary_psn_no", "DEMO0003", "relation", "CHILD",
                    "share", Map.of("mode", "ALL"), "channel", "COUNTER"));
            String motherToFather = post(Tokens.person("DEMO0001"), Map.of("request_id", "demo-DEMO0001-DEMO0002",
                    "funder_psn_no", "DEMO0001", "beneficiary_psn_no", "DEMO0002", "relation", "SPOUSE",
                    "share", Map.of("mode", "ALL"), "channel", "ALIPAY"));
            // the son draws on his father first, then his mother
            given().auth().oauth2(Tokens.person("DEMO0003")).contentType(ContentType.JSON)
                    .body(Map.of("binding_ids", List.of(fatherToSon, motherToSon)))
                    .put("/api/v1/beneficiaries/DEMO0003/deduction-order").then().statusCode(200)
                    .body("binding_id", contains(fatherToSon, motherToSon));
            assertThat(fatherToGrandma).isNotNull();
            assertThat(motherToFather).isNotNull();
            // the mother may not fund her husband's mother (spouse's parent, R-BIND-3)
            given().auth().oauth2(Tokens.person("DEMO0001")).contentType(ContentType.JSON)
                    .body(Map.of("request_id", "demo-refused-" + round, "funder_psn_no", "DEMO0001",
                            "beneficiary_psn_no", "DEMO0004", "relation", "PARENT", "share", Map.of("mode", "ALL"),
                            "channel", "APP"))
                    .post("/api/v1/bindings").then().statusCode(403).body("code", equalTo("R-BIND-3"));
        }
        JsonNode plan = Family.plan("DEMO0003");
        assertThat(plan.get("funders")).hasSize(2);
        assertThat(plan.get("funders").get(0).get("funder_psn_no").asText()).isEqualTo("DEMO0002");
        assertThat(plan.get("funders").get(1).get("cap_fen").asLong()).isEqualTo(200000);
    }
}
