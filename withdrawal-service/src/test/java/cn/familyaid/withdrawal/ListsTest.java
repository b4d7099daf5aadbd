package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.People;
import cn.familyaid.withdrawal.support.People.Person;
import cn.familyaid.withdrawal.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The agencies' lists (README, Exposed Endpoints, "Lists"): the review queue (R-WD-7) and the dishonesty list
 * (R-WD-9) — each row exactly once and in order across pages, only within the caller's scope, masked as a single
 * read, and bad parameters refused naming the field. Each test works in regions of its own (the test database is
 * shared with every other test and run), so it asserts about its own rows among whatever else is there.
 */
@QuarkusTest
class ListsTest {

    @Inject
    RegistryService registry;

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    /** A region of its own in province {@code province}: never a province code (xx0000). */
    static String region(String province) {
        return province + String.format("%04d", ThreadLocalRandom.current().nextInt(1, 10000));
    }

    /** An employee insured in {@code admdvs}, with a certificate no other test or run uses. */
    Person employee(String admdvs) {
        String psn = "P" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String certno = admdvs + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        Person p = new Person(psn, "测试" + psn.substring(1, 4), certno, admdvs);
        People.update(registry, p, "310", "1", null, 1);
        return p;
    }

    String file(Person p, String reason) {
        return given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.own(p, reason)).post("/api/v1/withdrawals")
                .then().statusCode(201).extract().path("withdrawal_id");
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    static ValidatableResponse queue(String token, Map<String, ?> query) {
        return as(token).queryParams(query).get("/api/v1/withdrawals").then();
    }

    static ValidatableResponse dishonesty(String token, Map<String, ?> query) {
        return as(token).queryParams(query).get("/api/v1/dishonesty-entries").then();
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
            assertThat(rows.size()).as("a page holds at most limit rows").isLessThanOrEqualTo(
                    Integer.parseInt(query.getOrDefault("limit", "50")));
            all.addAll(rows);
            cursor = page.getString("next_cursor");
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("the list never ended");
    }

    /** The rows are in the list's order: by time, then by id (uuid or number), strictly increasing. */
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
                    assertThat(new BigDecimal(x.toString())).isLessThan(new BigDecimal(y.toString()));
                }
            }
        }
    }

    static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes());
    }

    static List<String> ids(List<Map<String, Object>> rows, String idField) {
        return rows.stream().map(r -> r.get(idField).toString()).toList();
    }

    // ------------------------------------------------------------------ R-WD-7: the review queue

    @Test
    void the_review_queue_returns_each_application_of_the_region_once_in_filing_order_R_WD_7() {
        String region = region("61");
        List<String> filed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            filed.add(file(employee(region), i % 2 == 0 ? "LONG_TERM_ELSEWHERE" : "SERIOUS_ILLNESS"));
        }

        List<Map<String, Object>> rows = allPages("/api/v1/withdrawals", "withdrawals", Tokens.agency(region),
                Map.of("limit", "3"));
        assertThat(rows.size()).as("7 rows at 3 a page: at least 3 pages").isGreaterThanOrEqualTo(7);
        List<String> seen = ids(rows, "withdrawal_id");
        assertThat(new HashSet<>(seen)).as("no row twice").hasSameSizeAs(seen);
        assertThat(seen.stream().filter(filed::contains).toList()).as("each once, in filing order")
                .containsExactlyElementsOf(filed);
        assertOrdered(rows, "submitted_at", "withdrawal_id");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("SUBMITTED"));

        // the province's agency covers the region; narrowed to the region it lists the same rows
        List<String> province = ids(allPages("/api/v1/withdrawals", "withdrawals", Tokens.agency("610000"),
                Map.of("admdvs", region, "limit", "200")), "withdrawal_id");
        assertThat(province).containsExactlyElementsOf(seen);
        // a page as large as the list: one page, no next cursor
        queue(Tokens.agency(region), Map.of("limit", "200")).statusCode(200)
                .body("withdrawals", hasSize(seen.size())).body("next_cursor", equalTo(null));
    }

    @Test
    void another_regions_agency_and_persons_see_nothing_of_the_queue_R_WD_7() {
        String region = region("61");
        Person p = employee(region);
        String id = file(p, "LONG_TERM_ELSEWHERE");

        for (String other : List.of(region("62"), "620000")) {
            assertThat(ids(allPages("/api/v1/withdrawals", "withdrawals", Tokens.agency(other),
                    Map.of("limit", "200")), "withdrawal_id")).doesNotContain(id);
        }
        // asking for a region outside the caller's scope is refused, not answered empty
        queue(Tokens.agency(region("62")), Map.of("admdvs", region)).statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("FORBIDDEN_REGION"));
        queue(Tokens.agency(region), Map.of("admdvs", "610000")).statusCode(403)
                .body("code", equalTo("FORBIDDEN_REGION"));
        // not an agency: the applicant reads their own application one by one, never the queue
        queue(Tokens.person(p.psnNo()), Map.of()).statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("FORBIDDEN_ROLE"));
        queue(Tokens.platform(region), Map.of()).statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().get("/api/v1/withdrawals").then().statusCode(401);
    }

    @Test
    void the_queue_shows_each_application_masked_as_its_single_read_and_filters_by_status_R_WD_7() {
        String region = region("61");
        Person p = employee(region);
        Person q = employee(region);
        String kept = file(p, "SERIOUS_ILLNESS");
        String rejected = file(q, "LONG_TERM_ELSEWHERE");
        as(Tokens.agency(region)).contentType("application/json").body(Bodies.decision("REJECT", "incomplete"))
                .post("/api/v1/withdrawals/{id}/decision", rejected).then().statusCode(200)
                .body("status", equalTo("REJECTED"));

        List<Map<String, Object>> rows = allPages("/api/v1/withdrawals", "withdrawals", Tokens.agency(region),
                Map.of("limit", "1"));
        Map<String, Object> row = rows.stream().filter(r -> r.get("withdrawal_id").equals(kept)).findFirst()
                .orElseThrow();
        Map<String, Object> single = as(Tokens.agency(region)).get("/api/v1/withdrawals/{id}", kept).then()
                .statusCode(200).extract().jsonPath().getMap("");
        assertThat(row).as("the list shows what the single read shows the same agency").isEqualTo(single);
        @SuppressWarnings("unchecked")
        Map<String, Object> applicant = (Map<String, Object>) row.get("applicant");
        assertThat(applicant.get("certno")).isEqualTo(p.certno().substring(0, 3) + "*".repeat(11)
                + p.certno().substring(14));
        @SuppressWarnings("unchecked")
        Map<String, Object> bank = (Map<String, Object>) row.get("bank_account");
        assertThat(bank.get("account_no")).isEqualTo("*".repeat(15) + "4567");
        assertThat(row.toString()).doesNotContain(p.certno()).doesNotContain("6217000010001234567");
        assertThat(row.get("evidence").toString()).contains("DIAGNOSIS_PROOF", "ITEMISED_BILL");

        List<String> submitted = ids(allPages("/api/v1/withdrawals", "withdrawals", Tokens.agency(region),
                Map.of("status", "SUBMITTED", "limit", "1")), "withdrawal_id");
        assertThat(submitted).contains(kept).doesNotContain(rejected);
        List<String> refused = ids(allPages("/api/v1/withdrawals", "withdrawals", Tokens.agency(region),
                Map.of("status", "REJECTED")), "withdrawal_id");
        assertThat(refused).containsExactly(rejected);
    }

    // ------------------------------------------------------------------ R-WD-9: the dishonesty list

    @Test
    void the_dishonesty_list_returns_each_entry_of_the_region_once_in_order_masked_R_WD_9() {
        String region = region("63");
        List<Person> listed = new ArrayList<>();
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Person p = employee(region);
            String id = file(p, "SERIOUS_ILLNESS");
            Map<String, Object> d = Bodies.decision("FORGED", "bill forged " + i);
            d.put("fine_amt", new BigDecimal("1200.00"));
            as(Tokens.agency(region)).contentType("application/json").body(d)
                    .post("/api/v1/withdrawals/{id}/decision", id).then().statusCode(200);
            listed.add(p);
            forged.add(id);
        }

        List<Map<String, Object>> rows = allPages("/api/v1/dishonesty-entries", "entries", Tokens.agency(region),
                Map.of("limit", "2"));
        List<String> byWithdrawal = ids(rows, "withdrawal_id");
        assertThat(new HashSet<>(ids(rows, "entry_id"))).as("no entry twice").hasSize(rows.size());
        assertThat(byWithdrawal.stream().filter(forged::contains).toList()).as("each once, in listing order")
                .containsExactlyElementsOf(forged);
        assertOrdered(rows, "listed_at", "entry_id");

        Map<String, Object> first = rows.stream().filter(r -> r.get("withdrawal_id").equals(forged.get(0)))
                .findFirst().orElseThrow();
        Person p = listed.get(0);
        assertThat(first.get("psn_no")).isEqualTo(p.psnNo());
        assertThat(first.get("psn_name")).isEqualTo(p.name().charAt(0) + "*".repeat(p.name().length() - 1));
        assertThat(first.get("certno")).isEqualTo(p.certno().substring(0, 3) + "*".repeat(11)
                + p.certno().substring(14));
        assertThat(first.get("admdvs")).isEqualTo(region);
        assertThat(first.get("basis_amt")).isEqualTo(new BigDecimal("800.00"));
        assertThat(first.get("fine_amt")).isEqualTo(new BigDecimal("1200.00"));
        assertThat(first.get("listed_by")).isEqualTo("agency-" + region);
        assertThat(first.get("note")).isEqualTo("bill forged 0");
        assertThat(rows.toString()).doesNotContain(p.certno()).doesNotContain(p.name());

        // the province sees it; another region, another province and persons do not
        assertThat(ids(allPages("/api/v1/dishonesty-entries", "entries", Tokens.agency("630000"),
                Map.of("admdvs", region)), "withdrawal_id")).containsExactlyElementsOf(byWithdrawal);
        for (String other : List.of(region("63"), region("64"), "640000")) {
            assertThat(ids(allPages("/api/v1/dishonesty-entries", "entries", Tokens.agency(other),
                    Map.of("limit", "200")), "withdrawal_id")).doesNotContainAnyElementsOf(forged);
        }
        dishonesty(Tokens.agency(region("64")), Map.of("admdvs", region)).statusCode(403)
                .body("code", equalTo("FORBIDDEN_REGION"));
        dishonesty(Tokens.person(p.psnNo()), Map.of()).statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
    }

    // ------------------------------------------------------------------ bad parameters

    @Test
    void bad_list_parameters_are_refused_naming_the_field() {
        String region = region("61");
        String agency = Tokens.agency(region);
        file(employee(region), "LONG_TERM_ELSEWHERE");
        file(employee(region), "LONG_TERM_ELSEWHERE");
        String queueCursor = queue(agency, Map.of("limit", "1")).statusCode(200).extract().path("next_cursor");
        assertThat(queueCursor).isNotNull();

        record Bad(String path, String param, String value, String field) {
        }
        List<Bad> cases = List.of(
                new Bad("/api/v1/withdrawals", "status", "OPEN", "status"),
                new Bad("/api/v1/withdrawals", "status", "submitted", "status"),
                new Bad("/api/v1/withdrawals", "limit", "0", "limit"),
                new Bad("/api/v1/withdrawals", "limit", "201", "limit"),
                new Bad("/api/v1/withdrawals", "limit", "-1", "limit"),
                new Bad("/api/v1/withdrawals", "limit", "ten", "limit"),
                new Bad("/api/v1/withdrawals", "limit", "1.5", "limit"),
                new Bad("/api/v1/withdrawals", "limit", "99999999999", "limit"),
                new Bad("/api/v1/withdrawals", "cursor", "not-a-cursor", "cursor"),
                new Bad("/api/v1/withdrawals", "cursor", cursor("wd|1|0|not-a-uuid"), "cursor"),
                new Bad("/api/v1/withdrawals", "cursor", cursor("wd|1|0|1-1-1-1-1"), "cursor"),
                new Bad("/api/v1/withdrawals", "cursor", cursor("wd|x|0|" + UUID.randomUUID()), "cursor"),
                new Bad("/api/v1/withdrawals", "cursor", cursor("wd|1|0"), "cursor"),
                new Bad("/api/v1/withdrawals", "cursor", "%%%", "cursor"),
                new Bad("/api/v1/withdrawals", "admdvs", "6101", "admdvs"),
                new Bad("/api/v1/withdrawals", "admdvs", "61010x", "admdvs"),
                new Bad("/api/v1/dishonesty-entries", "limit", "0", "limit"),
                new Bad("/api/v1/dishonesty-entries", "limit", "x", "limit"),
                new Bad("/api/v1/dishonesty-entries", "admdvs", "1234567", "admdvs"),
                // a cursor is good only for the list that returned it
                new Bad("/api/v1/dishonesty-entries", "cursor", queueCursor, "cursor"));
        for (Bad c : cases) {
            as(agency).queryParam(c.param(), c.value()).get(c.path()).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION"))
                    .body("errors[0].field", equalTo(c.field()));
        }
        // the limits themselves are fine
        queue(agency, Map.of("limit", "1")).statusCode(200).body("withdrawals", hasSize(1));
        queue(agency, Map.of("limit", "200", "status", "SUBMITTED")).statusCode(200);
    }

    @Test
    void next_cursor_names_the_next_page_and_never_repeats_or_skips_a_row() {
        String region = region("61");
        Set<String> filed = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            filed.add(file(employee(region), "LONG_TERM_ELSEWHERE"));
        }
        String agency = Tokens.agency(region);
        JsonPath first = queue(agency, Map.of("limit", "2")).statusCode(200).extract().jsonPath();
        List<String> page1 = first.getList("withdrawals.withdrawal_id");
        String cursor = first.getString("next_cursor");
        List<String> page2 = as(agency).queryParam("limit", "2").queryParam("cursor", cursor)
                .get("/api/v1/withdrawals").then().statusCode(200).extract().jsonPath()
                .getList("withdrawals.withdrawal_id");
        assertThat(page1).hasSize(2).doesNotContainAnyElementsOf(page2);
        // the same cursor read again gives the same page (stable order)
        assertThat(as(agency).queryParam("limit", "2").queryParam("cursor", cursor).get("/api/v1/withdrawals")
                .then().statusCode(200).extract().jsonPath().getList("withdrawals.withdrawal_id", String.class))
                .isEqualTo(page2);
        // a row filed after the cursor was handed out comes on a later page, and none is lost or repeated
        String late = file(employee(region), "LONG_TERM_ELSEWHERE");
        filed.add(late);
        List<String> all = new ArrayList<>(page1);
        String next = cursor;
        while (next != null) {
            JsonPath p = as(agency).queryParam("limit", "2").queryParam("cursor", next).get("/api/v1/withdrawals")
                    .then().statusCode(200).extract().jsonPath();
            all.addAll(p.getList("withdrawals.withdrawal_id"));
            next = p.getString("next_cursor");
        }
        assertThat(all).containsAll(filed).doesNotHaveDuplicates();
        assertThat(all.get(all.size() - 1)).isEqualTo(late);
    }
}
