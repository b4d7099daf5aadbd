package cn.familyaid.settlement;

import cn.familyaid.settlement.support.BadInput;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Fixtures.Person;
import cn.familyaid.settlement.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Bad input never reaches the database: every write endpoint against the corpus of malformed requests
 * (support/BadInput) — each a 4xx problem+json naming the field, with no row and no event written — and the
 * defects found by hand: a NUL in {@code proxy.psn_name} answered 201, {@code months: 3.5} stored as 3, a
 * date-time cut to a date, the HTTP server's own limits without a problem body.
 */
@QuarkusTest
class BadInputTest {
    static final String NANJING = "320102";

    @Inject
    EntityManager em;

    long written() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT (SELECT count(*) FROM outbox_event) + (SELECT count(*) FROM settlement)"
                        + " + (SELECT count(*) FROM pre_settlement) + (SELECT count(*) FROM suspension)"
                        + " + (SELECT count(*) FROM filing) + (SELECT count(*) FROM institution)"
                        + " + (SELECT count(*) FROM suspension WHERE lifted_at IS NOT NULL)").getSingleResult())
                .longValue());
    }

    @Test
    void every_write_endpoint_refuses_the_bad_input_corpus_with_a_problem_naming_the_field_and_writes_nothing() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Map<String, Object> bill = new LinkedHashMap<>(Fixtures.bill(code, p, NANJING, "50.00", "0", "1"));
        bill.put("medins_setl_id", Fixtures.id("M"));
        Map<String, Object> suspension = new LinkedHashMap<>(Map.of("request_id", Fixtures.id("R"), "psn_no", p.psnNo(),
                "months", 3, "reason", "冒名就医"));
        Map<String, Object> filing = new LinkedHashMap<>(Map.of("request_id", Fixtures.id("R"), "psn_no", p.psnNo(),
                "admdvs", "320500", "begndate", today.toString(), "enddate", today.plusMonths(1).toString()));
        Map<String, Object> institution = new LinkedHashMap<>(Map.of("fixmedins_name", "测试医院",
                "fixmedins_type", "HOSPITAL", "admdvs", NANJING, "wallet_enabled", false));
        Map<String, Object> pre = new LinkedHashMap<>(Fixtures.bill(code, p, NANJING, "50.00", "0", "1"));
        String suspended = given().auth().oauth2(Tokens.agency(NANJING)).contentType("application/json")
                .body(Map.of("request_id", Fixtures.id("R"), "psn_no", Fixtures.person("310", NANJING).psnNo(),
                        "months", 3, "reason", "冒名就医"))
                .post("/api/v1/suspensions").then().statusCode(201).extract().<String>path("suspension_id");
        Map<String, Object> lift = new LinkedHashMap<>(Map.of("reason", "复核"));
        List<BadInput.Endpoint> endpoints = List.of(
                new BadInput.Endpoint("POST", "/api/v1/settlements/pre", Tokens.institution(code), pre,
                        List.of("psn_no", "mdtrt_cert_no", "med_type"), List.of(), List.of(), List.of(),
                        List.of("medfee_sumamt", "fund_pay_sumamt")),
                new BadInput.Endpoint("POST", "/api/v1/settlements", Tokens.institution(code), bill,
                        List.of("psn_no", "mdtrt_cert_no", "medins_setl_id"), List.of(), List.of(), List.of(),
                        List.of("medfee_sumamt")),
                new BadInput.Endpoint("POST", "/api/v1/suspensions", Tokens.agency(NANJING), suspension,
                        List.of("request_id", "psn_no", "reason"), List.of(), List.of(), List.of("months"), List.of()),
                new BadInput.Endpoint("POST", "/api/v1/filings", Tokens.person(p.psnNo()), filing,
                        List.of("request_id", "admdvs"), List.of(), List.of("begndate", "enddate"), List.of(), List.of()),
                new BadInput.Endpoint("POST", "/api/v1/suspensions/" + suspended + "/lift", Tokens.agency(NANJING),
                        lift, List.of("reason"), List.of(), List.of(), List.of(), List.of()),
                new BadInput.Endpoint("PUT", "/api/v1/institutions/" + Fixtures.id("H"), Tokens.platform(NANJING),
                        institution, List.of("fixmedins_name", "admdvs"), List.of("fixmedins_type"), List.of(), List.of(),
                        List.of()));
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (BadInput.Endpoint e : endpoints) {
            cases += BadInput.size(e);
            failures.addAll(BadInput.failures(e, this::written));
        }
        assertThat(failures).as("of %d cases", cases).isEmpty();
    }

    @Test
    void a_nul_in_a_proxy_name_is_refused_not_answered_201() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> bill = new LinkedHashMap<>(Fixtures.bill(code, p, NANJING, "50.00", "0", "1"));
        bill.put("proxy", Map.of("psn_name", "__NUL__", "psn_cert_type", "01", "certno", Fixtures.certno(),
                "relation", "CHILD"));
        long before = written();
        given().auth().oauth2(Tokens.institution(code)).contentType("application/json")
                .body(BadInput.json(bill).replace("__NUL__", "李\\u0000四"))
                .post("/api/v1/settlements/pre")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("proxy.psn_name"));
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void months_3_5_is_refused_not_stored_as_3_and_a_date_time_is_not_a_date() {
        Person p = Fixtures.person("310", NANJING);
        given().auth().oauth2(Tokens.agency(NANJING)).contentType("application/json")
                .body(Map.of("request_id", Fixtures.id("R"), "psn_no", p.psnNo(), "months", new BigDecimal("3.5"),
                        "reason", "冒名就医"))
                .post("/api/v1/suspensions")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("months"));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Map.of("request_id", Fixtures.id("R"), "psn_no", p.psnNo(), "admdvs", "320500",
                        "begndate", "2026-11-30T23:30:00Z", "enddate", today.plusMonths(1).toString()))
                .post("/api/v1/filings")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("begndate"));
    }

    @Test
    void a_nul_in_a_path_id_and_the_http_servers_own_limits_answer_problem_json() {
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        given().auth().oauth2(Tokens.institution(code)).urlEncodingEnabled(false)
                .get("/api/v1/settlements/S%00X")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("setl_id"));
        long before = written();
        given().auth().oauth2(Tokens.institution(code)).urlEncodingEnabled(false)
                .post("/api/v1/settlements/S%00X/reversal")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("setl_id"));
        assertThat(written()).isEqualTo(before);
        given().auth().oauth2(Tokens.institution(code)).get("/api/v1/settlements/" + "S".repeat(5_000))
                .then().statusCode(414).contentType("application/problem+json").body("code", equalTo("URI_TOO_LONG"));
        given().auth().oauth2(Tokens.institution(code)).contentType("application/json")
                .body("{\"psn_no\":\"" + "x".repeat(1_100_000) + "\"}").post("/api/v1/settlements")
                .then().statusCode(413).contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }
}
