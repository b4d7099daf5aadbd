package cn.familyaid.binding;

import cn.familyaid.binding.domain.ResidentId;
import cn.familyaid.binding.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class PersonResourceTest {
    private static final AtomicInteger SEQ = new AtomicInteger();

    static String newPsnNo() {
        return "P" + System.nanoTime() % 1_000_000_000L + SEQ.incrementAndGet();
    }

    static Map<String, Object> person(String admdvs, String insutype) {
        return Map.of("psn_name", "张三", "psn_cert_type", "01",
                "certno", ResidentId.withCheckDigit("32010219800101123"), "gend", "1", "brdy", "1980-01-01",
                "insutype", insutype, "psn_insu_stas", "1", "insuplc_admdvs", admdvs);
    }

    @Test
    void platform_creates_then_updates_a_person_of_its_province() {
        String psn = newPsnNo();
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(person("320102", "310"))
                .put("/api/v1/persons/{p}", psn)
                .then().statusCode(201).body("psn_no", equalTo(psn)).body("version", equalTo(1))
                .body("certno", equalTo("320***********1234".substring(0, 3) + "***********"
                        + ResidentId.withCheckDigit("32010219800101123").substring(14)));
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(person("320102", "390"))
                .put("/api/v1/persons/{p}", psn)
                .then().statusCode(200).body("insutype", equalTo("390")).body("version", equalTo(2));
    }

    @Test
    void no_token_is_401_problem() {
        given().contentType(ContentType.JSON).body(person("320102", "310"))
                .put("/api/v1/persons/{p}", newPsnNo())
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void a_token_of_another_issuer_or_for_another_api_is_401() {
        for (String token : new String[] {
                Tokens.platformFrom("https://elsewhere.example.com", "https://service.example.com"),
                Tokens.platformFrom("https://server.example.com", "another-api")}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(person("320102", "310"))
                    .put("/api/v1/persons/{p}", newPsnNo())
                    .then().statusCode(401).contentType("application/problem+json");
        }
        // the same claims, issuer and audience as the realm's tokens pass
        given().auth().oauth2(Tokens.platformFrom("https://server.example.com", "https://service.example.com"))
                .contentType(ContentType.JSON).body(person("320102", "310"))
                .put("/api/v1/persons/{p}", newPsnNo())
                .then().statusCode(201);
    }

    @Test
    void wrong_role_is_403_problem() {
        String psn = newPsnNo();
        given().auth().oauth2(Tokens.person(psn)).contentType(ContentType.JSON).body(person("320102", "310"))
                .put("/api/v1/persons/{p}", psn)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN_ROLE"));
    }

    @Test
    void platform_of_another_province_is_403_and_nothing_is_written() {
        String psn = newPsnNo();
        given().auth().oauth2(Tokens.platform("110000")).contentType(ContentType.JSON).body(person("320102", "310"))
                .put("/api/v1/persons/{p}", psn)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.platform("000000")).get("/api/v1/persons/{p}", psn).then().statusCode(404);
    }

    @Test
    void a_region_platform_cannot_take_over_a_person_of_another_region() {
        String psn = newPsnNo();
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(person("320102", "310"))
                .put("/api/v1/persons/{p}", psn).then().statusCode(201);
        given().auth().oauth2(Tokens.platform("440300")).contentType(ContentType.JSON).body(person("440300", "310"))
                .put("/api/v1/persons/{p}", psn)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
    }

    @Test
    void invalid_resident_id_check_digit_is_400_naming_the_field() {
        Map<String, Object> body = new java.util.HashMap<>(person("320102", "310"));
        String good = (String) body.get("certno");
        body.put("certno", good.substring(0, 17) + (good.charAt(17) == '1' ? "2" : "1"));
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(body)
                .put("/api/v1/persons/{p}", newPsnNo())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("certno"));
    }

    @Test
    void missing_and_malformed_fields_are_400_naming_each_field() {
        Map<String, Object> body = new java.util.HashMap<>(person("320102", "310"));
        body.remove("insutype");
        body.put("insuplc_admdvs", "32");
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(body)
                .put("/api/v1/persons/{p}", newPsnNo())
                .then().statusCode(400).body("code", equalTo("VALIDATION"))
                .body("errors.field", hasItem("insutype")).body("errors.field", hasItem("insuplc_admdvs"));
    }

    @Test
    void certno_is_masked_for_others_and_shown_to_the_person() {
        String psn = newPsnNo();
        String certno = ResidentId.withCheckDigit("32010219800101123");
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(person("320102", "310"))
                .put("/api/v1/persons/{p}", psn).then().statusCode(201);
        given().auth().oauth2(Tokens.agency("320102")).get("/api/v1/persons/{p}", psn)
                .then().statusCode(200).body("certno", startsWith("320*")).body("certno.length()", equalTo(18));
        given().auth().oauth2(Tokens.person(psn)).get("/api/v1/persons/{p}", psn)
                .then().statusCode(200).body("certno", equalTo(certno));
        given().auth().oauth2(Tokens.person("SOMEONE_ELSE")).get("/api/v1/persons/{p}", psn)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.agency("110101")).get("/api/v1/persons/{p}", psn)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
    }

    @Test
    void a_caller_who_may_not_read_a_person_cannot_tell_whether_the_person_exists() {
        String psn = newPsnNo();
        String nobody = newPsnNo();
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(person("320102", "310"))
                .put("/api/v1/persons/{p}", psn).then().statusCode(201);
        // another person: the same 403 whether or not the psn_no exists
        for (String p : new String[] {psn, nobody}) {
            given().auth().oauth2(Tokens.person("SOMEONE_ELSE")).get("/api/v1/persons/{p}", p)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("FORBIDDEN_PERSON"));
        }
        // an agency or platform of another region: the same 403 whether or not the psn_no exists
        for (String p : new String[] {psn, nobody}) {
            given().auth().oauth2(Tokens.agency("110101")).get("/api/v1/persons/{p}", p)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("FORBIDDEN_REGION"));
            given().auth().oauth2(Tokens.platform("440000")).get("/api/v1/persons/{p}", p)
                    .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        }
        // whoever could read any person (the national scope) is told it does not exist
        given().auth().oauth2(Tokens.platform("000000")).get("/api/v1/persons/{p}", nobody).then().statusCode(404);
        given().auth().oauth2(Tokens.person(nobody)).get("/api/v1/persons/{p}", nobody).then().statusCode(404);
    }
}
