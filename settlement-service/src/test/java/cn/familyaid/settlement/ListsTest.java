package cn.familyaid.settlement;

import cn.familyaid.settlement.domain.Suspension;
import cn.familyaid.settlement.support.Api;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Fixtures.Person;
import cn.familyaid.settlement.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static cn.familyaid.settlement.support.Fixtures.bill;
import static cn.familyaid.settlement.support.Fixtures.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The lists of the agencies and institutions (README, Exposed Endpoints, "Lists"): suspensions and lifting one early
 * (R-SET-3), filings (R-SET-6), impersonation attempts (R-SET-3) — each row exactly once and in order across pages,
 * only within the caller's scope, masked, bad parameters refused naming the field. Each test works in regions of its
 * own (the test database is shared by every test and run), so it asserts about its own rows among whatever is there.
 */
@QuarkusTest
class ListsTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Inject
    EntityManager em;

    @BeforeAll
    static void amounts() {
        Api.exactAmounts();
    }

    /** A region of its own in province {@code province}: never a province code (xx0000). */
    static String region(String province) {
        return province + String.format("%04d", ThreadLocalRandom.current().nextInt(1, 10000));
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    static String suspend(String agencyRegion, Person p, int months) {
        return as(Tokens.agency(agencyRegion)).contentType("application/json")
                .body(Map.of("request_id", Fixtures.id("R"), "psn_no", p.psnNo(), "months", months,
                        "reason", "冒名就医"))
                .post("/api/v1/suspensions").then().statusCode(201).extract().path("suspension_id");
    }

    static ValidatableResponse lift(String token, String id, Object body) {
        RequestSpecification r = as(token).contentType("application/json");
        if (body != null) {
            r = r.body(body);
        }
        return r.post("/api/v1/suspensions/{id}/lift", id).then();
    }

    static String file(Person p, String admdvs) {
        LocalDate today = LocalDate.now(ZONE);
        return as(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Map.of("request_id", Fixtures.id("R"), "psn_no", p.psnNo(), "admdvs", admdvs,
                        "begndate", today.toString(), "enddate", today.plusMonths(3).toString()))
                .post("/api/v1/filings").then().statusCode(201).extract().path("filing_id");
    }

    /** Every page of a list, following next_cursor; the array of each page is {@code items}. */
    static List<Map<String, Object>> allPages(String path, String items, String token, Map<String, String> query) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            RequestSpecification r = as(token).queryParams(query);
            if (cursor != null) {
                r = r.queryParam("cursor", cursor);
            }
            JsonPath page = r.get(path).then().statusCode(200).contentType("application/json").extract().jsonPath();
            List<Map<String, Object>> rows = page.getList(items);
            assertThat(rows.size()).as("a page holds at most limit rows")
                    .isLessThanOrEqualTo(Integer.parseInt(query.getOrDefault("limit", "50")));
            all.addAll(rows);
            cursor = page.getString("next_cursor");
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("the list never ended");
    }

    /** The rows are in the list's order: by time, then by id, strictly increasing. */
    static void assertOrdered(List<Map<String, Object>> rows, String timeField, String idField) {
        for (int i = 1; i < rows.size(); i++) {
            OffsetDateTime a = OffsetDateTime.parse((String) rows.get(i - 1).get(timeField));
            OffsetDateTime b = OffsetDateTime.parse((String) rows.get(i).get(timeField));
            assertThat(a).as("row %d is not after row %d", i - 1, i).isBeforeOrEqualTo(b);
            if (a.isEqual(b)) {
                Object x = rows.get(i - 1).get(idField);
                Object y = rows.get(i).get(idField);
                if (x instanceof String xs) {
                    assertThat(xs).isLessThan((String) y);
                } else {
                    assertThat(Long.parseLong(x.toString())).isLessThan(Long.parseLong(y.toString()));
                }
            }
        }
    }

    static List<String> ids(List<Map<String, Object>> rows, String idField) {
        return rows.stream().map(r -> r.get(idField).toString()).toList();
    }

    static String masked(String certno) {
        return certno.substring(0, 3) + "*".repeat(certno.length() - 7) + certno.substring(certno.length() - 4);
    }

    static String maskedName(String name) {
        return name.charAt(0) + "*".repeat(name.length() - 1);
    }

    static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes());
    }

    // ------------------------------------------------------------------ R-SET-3: suspensions

    @Test
    void suspensions_list_each_one_of_the_region_once_in_order_masked_R_SET_3() {
        String region = region("45");
        Person a = Fixtures.person("310", region);
        Person b = Fixtures.person("390", region);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(suspend(region, i % 2 == 0 ? a : b, 3 + i));
        }

        List<Map<String, Object>> rows = allPages("/api/v1/suspensions", "suspensions", Tokens.agency(region),
                Map.of("limit", "2"));
        List<String> seen = ids(rows, "suspension_id");
        assertThat(new HashSet<>(seen)).as("no row twice").hasSameSizeAs(seen);
        assertThat(seen.stream().filter(made::contains).toList()).as("each once, in order of creation")
                .containsExactlyElementsOf(made);
        assertOrdered(rows, "created_at", "suspension_id");

        Map<String, Object> first = rows.stream().filter(r -> r.get("suspension_id").equals(made.get(0)))
                .findFirst().orElseThrow();
        LocalDate today = LocalDate.now(ZONE);
        assertThat(first).containsEntry("psn_no", a.psnNo()).containsEntry("psn_name", maskedName(a.name()))
                .containsEntry("months", 3).containsEntry("reason", "冒名就医").containsEntry("status", "ACTIVE")
                .containsEntry("begndate", today.toString())
                .containsEntry("enddate", today.plusMonths(3).toString())
                .containsEntry("created_by", "agency-" + region).containsEntry("lifted_at", null);
        assertThat(rows.toString()).doesNotContain(a.name()).doesNotContain(b.name()).doesNotContain(a.certno());

        // one person's; the province's agency sees the same; another region's or province's sees none of it
        assertThat(ids(allPages("/api/v1/suspensions", "suspensions", Tokens.agency(region),
                Map.of("psn_no", b.psnNo())), "suspension_id")).containsExactly(made.get(1), made.get(3));
        assertThat(ids(allPages("/api/v1/suspensions", "suspensions", Tokens.agency("450000"),
                Map.of("admdvs", region, "limit", "200")), "suspension_id")).containsExactlyElementsOf(seen);
        for (String other : List.of(region("45"), region("46"), "460000")) {
            assertThat(ids(allPages("/api/v1/suspensions", "suspensions", Tokens.agency(other),
                    Map.of("limit", "200")), "suspension_id")).doesNotContainAnyElementsOf(made);
        }
        as(Tokens.agency(region("46"))).queryParam("admdvs", region).get("/api/v1/suspensions").then()
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN_REGION"));
        String code = Fixtures.institution("HOSPITAL", region, false);
        as(Tokens.institution(code)).get("/api/v1/suspensions").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
        as(Tokens.person(a.psnNo())).get("/api/v1/suspensions").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
    }

    @Test
    void a_suspension_lifted_early_records_who_when_and_why_and_the_person_settles_again_R_SET_3() {
        String region = region("45");
        Person p = Fixtures.person("310", region);
        String code = Fixtures.institution("HOSPITAL", region, false);
        Map<String, Object> b = with(bill(code, p, region, "20.00", "0", "0"), "medins_setl_id", Fixtures.id("M"));
        String id = suspend(region, p, 6);
        Fixtures.settle(code, b).then().statusCode(403).body("code", equalTo("R-SET-3"));

        // the reason is required, not blank, at most 500 characters
        lift(Tokens.agency(region), id, Map.of()).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("reason"));
        lift(Tokens.agency(region), id, Map.of("reason", "   ")).statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        lift(Tokens.agency(region), id, Map.of("reason", "x".repeat(501))).statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        lift(Tokens.agency(region), id, null).statusCode(400);
        lift(Tokens.agency(region), id, Map.of("reason", "复核", "extra", 1)).statusCode(400)
                .body("errors[0].field", equalTo("extra"));
        // an institution cannot lift, nor another region's agency, nor the person
        lift(Tokens.institution(code), id, Map.of("reason", "误判")).statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
        lift(Tokens.person(p.psnNo()), id, Map.of("reason", "误判")).statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
        lift(Tokens.agency(region("46")), id, Map.of("reason", "误判")).statusCode(403)
                .body("code", equalTo("FORBIDDEN_REGION"));
        lift(Tokens.agency(region), "SP" + "0".repeat(32), Map.of("reason", "误判")).statusCode(404);
        assertThat(row(id).liftedAt).as("nothing refused changed the suspension").isNull();
        Fixtures.settle(code, b).then().statusCode(403).body("code", equalTo("R-SET-3"));

        // the province's agency lifts it: recorded, and the person settles again at once
        lift(Tokens.agency(region.substring(0, 2) + "0000"), id, Map.of("reason", "复核: 非本人冒用, 系家属代办"))
                .statusCode(200).contentType("application/json")
                .body("suspension_id", equalTo(id)).body("status", equalTo("LIFTED"))
                .body("lifted_by", equalTo("agency-" + region.substring(0, 2) + "0000"))
                .body("lift_reason", equalTo("复核: 非本人冒用, 系家属代办"))
                .body("lifted_at", notNullValue())
                .body("enddate", equalTo(LocalDate.now(ZONE).plusMonths(6).toString()))
                .body("psn_name", equalTo(maskedName(p.name())));
        Suspension s = row(id);
        assertThat(s.liftedAt).isBetween(OffsetDateTime.now().minusMinutes(1), OffsetDateTime.now().plusSeconds(1));
        assertThat(s.liftedBy).isEqualTo("agency-" + region.substring(0, 2) + "0000");
        assertThat(s.liftReason).isEqualTo("复核: 非本人冒用, 系家属代办");
        Fixtures.settle(code, b).then().statusCode(201).body("status", equalTo("COMPLETED"));

        // lifting twice is a conflict, and changes nothing
        lift(Tokens.agency(region), id, Map.of("reason", "again")).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("SUSPENSION_LIFTED"));
        assertThat(row(id).liftReason).isEqualTo("复核: 非本人冒用, 系家属代办");

        // the list shows it lifted, with who, when and why; the state filters
        Map<String, Object> listed = allPages("/api/v1/suspensions", "suspensions", Tokens.agency(region),
                Map.of("status", "LIFTED")).stream().filter(r -> r.get("suspension_id").equals(id)).findFirst()
                .orElseThrow();
        assertThat(listed).containsEntry("status", "LIFTED").containsEntry("lift_reason", "复核: 非本人冒用, 系家属代办")
                .containsEntry("lifted_by", "agency-" + region.substring(0, 2) + "0000");
        assertThat(ids(allPages("/api/v1/suspensions", "suspensions", Tokens.agency(region),
                Map.of("status", "ACTIVE")), "suspension_id")).doesNotContain(id);

        // a second suspension of the person refuses again: lifting one lifts only that one
        String next = suspend(region, p, 3);
        Fixtures.settle(code, with(b, "medins_setl_id", Fixtures.id("M"))).then().statusCode(403)
                .body("code", equalTo("R-SET-3"));
        assertThat(ids(allPages("/api/v1/suspensions", "suspensions", Tokens.agency(region),
                Map.of("status", "ACTIVE")), "suspension_id")).contains(next);

        // an ended suspension has nothing to lift
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE suspension SET begndate = ?1, enddate = ?2 WHERE suspension_id = ?3")
                .setParameter(1, LocalDate.now(ZONE).minusMonths(3)).setParameter(2, LocalDate.now(ZONE))
                .setParameter(3, next).executeUpdate());
        lift(Tokens.agency(region), next, Map.of("reason", "late")).statusCode(409)
                .body("code", equalTo("SUSPENSION_ENDED"));
        assertThat(ids(allPages("/api/v1/suspensions", "suspensions", Tokens.agency(region),
                Map.of("status", "ENDED")), "suspension_id")).contains(next);
    }

    @Test
    void parallel_lifts_of_one_suspension_lift_it_once_R_SET_3() throws Exception {
        String region = region("45");
        Person p = Fixtures.person("310", region);
        String id = suspend(region, p, 3);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String reason = "复核 " + i;
                answers.add(pool.submit(() -> lift(Tokens.agency(region), id, Map.of("reason", reason))
                        .extract().statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(row(id).liftReason).startsWith("复核 ");
    }

    Suspension row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Suspension.<Suspension>findById(id));
    }

    // ------------------------------------------------------------------ R-SET-6: filings

    @Test
    void filings_list_each_one_of_the_region_once_in_order_masked_R_SET_6() {
        String region = region("45");
        String elsewhere = region("46");
        List<Person> persons = List.of(Fixtures.person("310", region), Fixtures.person("310", region));
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(file(persons.get(i % 2), elsewhere));
        }
        List<Map<String, Object>> rows = allPages("/api/v1/filings", "filings", Tokens.agency(region),
                Map.of("limit", "2"));
        List<String> seen = ids(rows, "filing_id");
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
        assertThat(seen.stream().filter(made::contains).toList()).containsExactlyElementsOf(made);
        assertOrdered(rows, "created_at", "filing_id");
        Map<String, Object> first = rows.stream().filter(r -> r.get("filing_id").equals(made.get(0))).findFirst()
                .orElseThrow();
        assertThat(first).containsEntry("psn_no", persons.get(0).psnNo())
                .containsEntry("psn_name", maskedName(persons.get(0).name()))
                .containsEntry("admdvs", elsewhere)
                .containsEntry("begndate", LocalDate.now(ZONE).toString());
        assertThat(rows.toString()).doesNotContain(persons.get(0).name()).doesNotContain(persons.get(1).name());

        assertThat(ids(allPages("/api/v1/filings", "filings", Tokens.agency(region),
                Map.of("psn_no", persons.get(1).psnNo())), "filing_id"))
                .containsExactly(made.get(1), made.get(3));
        // the region where the care is filed is not the person's: its agency does not list them
        for (String other : List.of(elsewhere, region("45"), "460000")) {
            assertThat(ids(allPages("/api/v1/filings", "filings", Tokens.agency(other), Map.of("limit", "200")),
                    "filing_id")).doesNotContainAnyElementsOf(made);
        }
        as(Tokens.person(persons.get(0).psnNo())).get("/api/v1/filings").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
        as(Tokens.agency(elsewhere)).queryParam("admdvs", region).get("/api/v1/filings").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_REGION"));
    }

    // ------------------------------------------------------------------ R-SET-3: impersonation attempts

    @Test
    void impersonation_attempts_are_listed_for_the_institution_and_the_patients_agency_only_R_SET_3() {
        String region = region("45");
        Person patient = Fixtures.person("310", region);
        Person holder = Fixtures.person("310", region);
        String here = Fixtures.institution("HOSPITAL", region, false);
        String there = Fixtures.institution("HOSPITAL", region, false);
        for (int i = 0; i < 3; i++) {
            Fixtures.settle(here, with(with(bill(here, patient, region, "10.00", "0", "0"), "medins_setl_id",
                    Fixtures.id("M")), "mdtrt_cert_no", holder.certno())).then().statusCode(403);
        }
        Fixtures.settle(there, with(with(bill(there, patient, region, "10.00", "0", "0"), "medins_setl_id",
                Fixtures.id("M")), "mdtrt_cert_no", holder.certno())).then().statusCode(403);

        // the institution: its own attempts, without the number presented or whose it was
        List<Map<String, Object>> own = allPages("/api/v1/impersonation-attempts", "attempts",
                Tokens.institution(here), Map.of("limit", "2"));
        assertThat(own).hasSize(3).allSatisfy(r -> assertThat(r)
                .containsEntry("fixmedins_code", here).containsEntry("psn_no", patient.psnNo())
                .containsEntry("psn_name", maskedName(patient.name()))
                .containsEntry("presented_certno", null).containsEntry("holder_psn_no", null)
                .containsEntry("reason", "NOT_OWN_CREDENTIAL").containsEntry("operation", "SETTLE"));
        assertOrdered(own, "attempted_at", "attempt_id");
        assertThat(own.toString()).doesNotContain(holder.certno()).doesNotContain(patient.name());
        assertThat(allPages("/api/v1/impersonation-attempts", "attempts", Tokens.institution(there), Map.of()))
                .hasSize(1);
        as(Tokens.institution(here)).queryParam("fixmedins_code", there).get("/api/v1/impersonation-attempts")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_INSTITUTION"));
        as(Tokens.institution(here)).queryParam("admdvs", region).get("/api/v1/impersonation-attempts")
                .then().statusCode(400).body("errors[0].field", equalTo("admdvs"));
        assertThat(allPages("/api/v1/impersonation-attempts", "attempts", Tokens.institution(Fixtures.id("H")),
                Map.of())).as("an institution with none sees none").isEmpty();

        // the agency of the patient's region: all of them, the number presented masked, whose credential it was
        List<Map<String, Object>> agency = allPages("/api/v1/impersonation-attempts", "attempts",
                Tokens.agency(region), Map.of("limit", "3"));
        assertThat(ids(agency, "attempt_id")).containsExactlyElementsOf(
                ids(agency, "attempt_id").stream().distinct().toList());
        assertThat(agency.stream().filter(r -> List.of(here, there).contains(r.get("fixmedins_code"))))
                .as("all four, at both institutions").hasSize(4)
                .allSatisfy(r -> assertThat(r)
                        .containsEntry("presented_certno", masked(holder.certno()))
                        .containsEntry("holder_psn_no", holder.psnNo()));
        assertOrdered(agency, "attempted_at", "attempt_id");
        assertThat(agency.toString()).doesNotContain(holder.certno());
        assertThat(allPages("/api/v1/impersonation-attempts", "attempts", Tokens.agency(region),
                Map.of("fixmedins_code", there))).hasSize(1);
        assertThat(allPages("/api/v1/impersonation-attempts", "attempts", Tokens.agency(region),
                Map.of("psn_no", holder.psnNo()))).isEmpty();
        for (String other : List.of(region("45"), region("46"), "460000")) {
            assertThat(allPages("/api/v1/impersonation-attempts", "attempts", Tokens.agency(other),
                    Map.of("fixmedins_code", here))).isEmpty();
        }
        as(Tokens.person(patient.psnNo())).get("/api/v1/impersonation-attempts").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
        as(Tokens.platform(region)).get("/api/v1/impersonation-attempts").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
        given().get("/api/v1/impersonation-attempts").then().statusCode(401);
    }

    // ------------------------------------------------------------------ bad parameters

    @Test
    void bad_list_parameters_are_refused_naming_the_field() {
        String region = region("45");
        String agency = Tokens.agency(region);
        Person p = Fixtures.person("310", region);
        suspend(region, p, 3);
        suspend(region, p, 4);
        String suspensionCursor = as(agency).queryParam("limit", "1").get("/api/v1/suspensions").then()
                .statusCode(200).body("suspensions", hasSize(1)).extract().path("next_cursor");
        assertThat(suspensionCursor).isNotNull();

        record Bad(String path, String param, String value, String field) {
        }
        List<Bad> cases = new ArrayList<>();
        for (String path : List.of("/api/v1/suspensions", "/api/v1/filings", "/api/v1/impersonation-attempts")) {
            cases.add(new Bad(path, "limit", "0", "limit"));
            cases.add(new Bad(path, "limit", "201", "limit"));
            cases.add(new Bad(path, "limit", "many", "limit"));
            cases.add(new Bad(path, "limit", "2.0", "limit"));
            cases.add(new Bad(path, "cursor", "garbage!", "cursor"));
            cases.add(new Bad(path, "cursor", cursor("xx|1|0|1"), "cursor"));
            cases.add(new Bad(path, "admdvs", "45", "admdvs"));
            cases.add(new Bad(path, "admdvs", "4500001", "admdvs"));
            cases.add(new Bad(path, "psn_no", "P".repeat(33), "psn_no"));
            cases.add(new Bad(path, "psn_no", " ", "psn_no"));
        }
        cases.add(new Bad("/api/v1/suspensions", "status", "SUSPENDED", "status"));
        cases.add(new Bad("/api/v1/suspensions", "status", "active", "status"));
        cases.add(new Bad("/api/v1/suspensions", "cursor", cursor("sp|x|0|SP1"), "cursor"));
        // a cursor is good only for the list that returned it
        cases.add(new Bad("/api/v1/filings", "cursor", suspensionCursor, "cursor"));
        cases.add(new Bad("/api/v1/impersonation-attempts", "cursor", suspensionCursor, "cursor"));
        cases.add(new Bad("/api/v1/impersonation-attempts", "cursor", cursor("ia|1|0|not-a-number"), "cursor"));
        cases.add(new Bad("/api/v1/impersonation-attempts", "fixmedins_code", "H-1", "fixmedins_code"));
        cases.add(new Bad("/api/v1/impersonation-attempts", "fixmedins_code", "H".repeat(33), "fixmedins_code"));
        for (Bad c : cases) {
            as(agency).queryParam(c.param(), c.value()).get(c.path()).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION"))
                    .body("errors[0].field", equalTo(c.field()));
        }
        as(agency).queryParam("limit", "200").queryParam("status", "ACTIVE").get("/api/v1/suspensions").then()
                .statusCode(200);
        as(agency).queryParam("limit", "1").queryParam("cursor", suspensionCursor).get("/api/v1/suspensions").then()
                .statusCode(200).body("suspensions", hasSize(1));
    }
}
