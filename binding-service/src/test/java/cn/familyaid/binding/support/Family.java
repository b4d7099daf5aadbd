package cn.familyaid.binding.support;

import cn.familyaid.binding.domain.ResidentId;
import cn.familyaid.binding.outbox.OutboxEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Builds test families through the public API (persons, kinships, policies, bindings) and reads the outbox. */
public final class Family {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String NATIONAL = "000000";

    private Family() {
    }

    public static String psn() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
    }

    /** A region code of the province (first two digits) that no other test uses, for tests that set its policy. */
    public static String region(String province) {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return province + String.format("%02d%02d", r.nextInt(20, 100), r.nextInt(10, 100));
    }

    public static Map<String, Object> personBody(String admdvs, String insutype, String stas, String deathDate) {
        Map<String, Object> m = new HashMap<>();
        m.put("psn_name", "张三");
        m.put("psn_cert_type", "01");
        m.put("certno", ResidentId.withCheckDigit("32010219800101123"));
        m.put("gend", "1");
        m.put("brdy", "1960-01-01");
        m.put("insutype", insutype);
        m.put("psn_insu_stas", stas);
        m.put("insuplc_admdvs", admdvs);
        if (deathDate != null) {
            m.put("death_date", deathDate);
        }
        return m;
    }

    /** A new insured person (status normal). */
    public static String person(String admdvs, String insutype) {
        return person(admdvs, insutype, "1");
    }

    public static String person(String admdvs, String insutype, String stas) {
        String psn = psn();
        update(psn, admdvs, insutype, stas, null).statusCode(201);
        return psn;
    }

    public static ValidatableResponse update(String psn, String admdvs, String insutype, String stas, String death) {
        return given().auth().oauth2(Tokens.platform(NATIONAL)).contentType(ContentType.JSON)
                .body(personBody(admdvs, insutype, stas, death)).put("/api/v1/persons/{p}", psn).then();
    }

    /** Records that {@code relative} is {@code relation} of {@code psn} (e.g. kin(mother, son, "CHILD")). */
    public static void kin(String psn, String relative, String relation) {
        given().auth().oauth2(Tokens.platform(NATIONAL)).contentType(ContentType.JSON)
                .body(Map.of("psn_no", psn, "relative_psn_no", relative, "relation", relation))
                .put("/api/v1/kinships").then().statusCode(org.hamcrest.Matchers.either(org.hamcrest.Matchers.is(201))
                        .or(org.hamcrest.Matchers.is(200)));
    }

    public static void policy(String admdvs, Map<String, Object> body) {
        given().auth().oauth2(Tokens.platform(NATIONAL)).contentType(ContentType.JSON).body(body)
                .put("/api/v1/regions/{a}/policy", admdvs).then()
                .statusCode(org.hamcrest.Matchers.either(org.hamcrest.Matchers.is(201)).or(org.hamcrest.Matchers.is(200)));
    }

    public static Map<String, Object> bindBody(String funder, String beneficiary, String relation) {
        Map<String, Object> m = new HashMap<>();
        m.put("request_id", "r-" + UUID.randomUUID());
        m.put("funder_psn_no", funder);
        m.put("beneficiary_psn_no", beneficiary);
        m.put("relation", relation);
        m.put("share", Map.of("mode", "ALL"));
        m.put("channel", "APP");
        return m;
    }

    /** POST /bindings as the funder. */
    public static ValidatableResponse bind(Map<String, Object> body) {
        return given().auth().oauth2(Tokens.person((String) body.get("funder_psn_no"))).contentType(ContentType.JSON)
                .body(body).post("/api/v1/bindings").then();
    }

    /** Binds and returns the binding id (expects 201). */
    public static String bound(String funder, String beneficiary, String relation) {
        return bind(bindBody(funder, beneficiary, relation)).statusCode(201).extract().path("binding_id");
    }

    /** The outbox events of a type for a key, oldest first, as parsed envelopes. */
    public static List<JsonNode> events(String type, String key) {
        List<OutboxEvent> rows = QuarkusTransaction.requiringNew().call(
                () -> OutboxEvent.<OutboxEvent>list("type = ?1 and key = ?2 order by seq", type, key));
        return rows.stream().map(e -> {
            try {
                return JSON.readTree(e.payload);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).toList();
    }

    /** The newest binding.changed data for the beneficiary, or null. */
    public static JsonNode plan(String beneficiary) {
        List<JsonNode> all = events("binding.changed", beneficiary);
        return all.isEmpty() ? null : all.get(all.size() - 1).get("data");
    }
}
