package cn.familyaid.settlement;

import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.outbox.OutboxEvent;
import cn.familyaid.settlement.service.HoldResolver;
import cn.familyaid.settlement.support.Api;
import cn.familyaid.settlement.support.Events;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Fixtures.Person;
import cn.familyaid.settlement.support.FlakyLedger;
import cn.familyaid.settlement.support.Ledger;
import cn.familyaid.settlement.support.Tokens;
import cn.familyaid.settlement.support.WalletJar;
import io.quarkus.arc.ClientProxy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.familyaid.settlement.support.Fixtures.bill;
import static cn.familyaid.settlement.support.Fixtures.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * End to end with the REAL ledger: wallet-service's packaged jar as a child process on its own database
 * and the same broker; persons and funding plans reach both services as binding-service's events, money
 * enters through the wallet's credit API, and every balance is read back from the wallet.
 */
@QuarkusTest
class LedgerEndToEndTest {
    static final String NANJING = "320102";
    static final String SUZHOU = "320506";

    @BeforeAll
    static void theRealLedger() {
        Api.exactAmounts();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        // the full reactor packages wallet-service before these tests run: a ledger that does not answer is a failure
        Assertions.assertTrue(WalletJar.answersLedgerCommands(),
                "wallet-service's jar (with the ledger command handler) is needed: "
                        + "./mvnw -B -q package -DskipTests -pl wallet-service");
    }

    static BigDecimal yuan(String s) {
        return new BigDecimal(s);
    }

    static Person employee(String admdvs, String balance) {
        Person p = Fixtures.person("310", admdvs);
        Ledger.awaitAccount(p.psnNo());
        if (new BigDecimal(balance).signum() > 0) {
            Ledger.credit(p.psnNo(), admdvs, balance);
        }
        return p;
    }

    static Events.Funder cap(Person funder, String relation, long capFen, long retainedFen, int order) {
        return new Events.Funder("B-" + UUID.randomUUID(), funder.psnNo(), relation, "CAP", capFen, retainedFen, order);
    }

    static Events.Funder all(Person funder, String relation, long retainedFen, int order) {
        return new Events.Funder("B-" + UUID.randomUUID(), funder.psnNo(), relation, "ALL", null, retainedFen, order);
    }

    @Test
    void own_account_pays_first_then_funders_in_deduction_order_within_caps_and_retained_minimum_R_SET_2() {
        Person patient = employee(NANJING, "30.00");
        Person mother = employee(NANJING, "50.00");
        Person father = employee(NANJING, "100.00");
        Ledger.plan(patient.psnNo(), 1, List.of(cap(mother, "CHILD", 2000, 0, 1), all(father, "CHILD", 1000, 2)));
        String code = Fixtures.institution("HOSPITAL", NANJING, false);

        Fixtures.settle(code, with(bill(code, patient, NANJING, "200.00", "50.00", "1"), "medins_setl_id",
                        Fixtures.id("M"))).then().statusCode(201)
                .body("status", equalTo("COMPLETED"))
                .body("psn_part_amt", equalTo(yuan("150.00")))
                .body("acct_pay", equalTo(yuan("140.00")))
                .body("acct_mulaid_pay", equalTo(yuan("110.00")))
                .body("wlt_pay", equalTo(yuan("0.00")))
                .body("psn_cash_pay", equalTo(yuan("10.00")))
                .body("payers", hasSize(3))
                .body("payers[0].psn_no", equalTo(patient.psnNo()))
                .body("payers[0].relation", equalTo("SELF"))
                .body("payers[0].amount", equalTo(yuan("30.00")))
                .body("payers[1].psn_no", equalTo(mother.psnNo()))
                .body("payers[1].amount", equalTo(yuan("20.00")))
                .body("payers[1].psn_name", equalTo(mother.name().charAt(0) + "**"))
                .body("payers[2].psn_no", equalTo(father.psnNo()))
                .body("payers[2].amount", equalTo(yuan("90.00")))
                .body("payers[2].source", equalTo("PERSONAL"));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.balc(mother.psnNo())).isEqualByComparingTo("30.00");
        assertThat(Ledger.balc(father.psnNo())).isEqualByComparingTo("10.00");

        // the mother's cap is used up and the father is at his retained minimum: the rest is cash
        Fixtures.settle(code, with(bill(code, patient, NANJING, "20.00", "0", "1"), "medins_setl_id", Fixtures.id("M")))
                .then().statusCode(201)
                .body("acct_pay", equalTo(yuan("0.00")))
                .body("psn_cash_pay", equalTo(yuan("20.00")))
                .body("payers", hasSize(0));
        assertThat(Ledger.balc(mother.psnNo())).isEqualByComparingTo("30.00");
        assertThat(Ledger.balc(father.psnNo())).isEqualByComparingTo("10.00");
    }

    @Test
    void acct_used_flag_0_pays_all_in_cash_even_with_money_in_the_account() {
        Person patient = employee(NANJING, "80.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Fixtures.settle(code, with(bill(code, patient, NANJING, "50.00", "0", "0"), "medins_setl_id", Fixtures.id("M")))
                .then().statusCode(201).body("acct_pay", equalTo(yuan("0.00"))).body("psn_cash_pay", equalTo(yuan("50.00")));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("80.00");
    }

    @Test
    void a_reversal_refunds_every_account_exactly_and_twice_refunds_once_R_SET_7() throws Exception {
        Person patient = employee(NANJING, "12.34");
        Person sister = employee(NANJING, "40.00");
        Ledger.plan(patient.psnNo(), 1, List.of(all(sister, "SIBLING", 0, 1)));
        String code = Fixtures.institution("PHARMACY", NANJING, false);
        String setlId = Fixtures.settle(code, with(with(bill(code, patient, NANJING, "33.33", "0", "1"), "med_type", "41"),
                        "medins_setl_id", Fixtures.id("M"))).then().statusCode(201)
                .body("acct_pay", equalTo(yuan("33.33"))).body("acct_mulaid_pay", equalTo(yuan("20.99")))
                .extract().path("setl_id");
        assertThat(Ledger.balc(sister.psnNo())).isEqualByComparingTo("19.01");

        Fixtures.reverse(Fixtures.institution("PHARMACY", NANJING, false), setlId).then().statusCode(403)
                .body("code", equalTo("R-SET-7"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(pool.submit(() -> Fixtures.reverse(code, setlId).statusCode()));
        }
        for (Future<Integer> f : answers) {
            assertThat(f.get()).isEqualTo(200);
        }
        pool.shutdown();
        Fixtures.reverse(code, setlId).then().statusCode(200).body("status", equalTo("REVERSED"));

        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("12.34");
        assertThat(Ledger.balc(sister.psnNo())).isEqualByComparingTo("40.00");
        assertThat(Ledger.refundedFromClearing(code)).isEqualTo(3333);
        assertThat(QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count("type = ?1 and payload like ?2",
                "settlement.reversed", "%" + setlId + "%"))).isEqualTo(1);
    }

    @Test
    void the_same_medins_setl_id_sent_20_times_in_parallel_settles_and_charges_once() throws Exception {
        Person patient = employee(NANJING, "500.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> body = with(bill(code, patient, NANJING, "120.00", "20.00", "1"), "medins_setl_id",
                Fixtures.id("M"));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> Fixtures.settle(code, body));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : pool.invokeAll(calls)) {
            answers.add(f.get());
        }
        pool.shutdown();
        // on a starved machine a duplicate may outwait the deadline and answer 503 (retry with the same id):
        // allowed, as long as the retry then gets the one settlement
        assertThat(answers).extracting(Response::statusCode).allMatch(s -> s == 200 || s == 201 || s == 503);
        List<Response> settled = new ArrayList<>(answers.stream().filter(r -> r.statusCode() != 503).toList());
        for (Response r : answers) {
            if (r.statusCode() == 503) {
                Response again = Fixtures.settle(code, body);
                assertThat(again.statusCode()).isIn(200, 201);
                settled.add(again);
            }
        }
        assertThat(settled).extracting(Response::statusCode).filteredOn(s -> s == 201).hasSize(1);
        assertThat(settled).extracting(r -> r.jsonPath().getString("setl_id")).containsOnly(
                settled.get(0).jsonPath().getString("setl_id"));
        assertThat(settled).extracting(r -> r.jsonPath().getString("acct_pay")).containsOnly("100.00");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Settlement.count("psnNo", patient.psnNo()))).isEqualTo(1);
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("400.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.postedToClearing(code)).isEqualTo(10000);
    }

    @Test
    void sixty_parallel_settlements_of_one_family_wait_their_turn_none_fails_and_the_family_pays_what_it_can_R_BIND_6()
            throws Exception {
        Person child = employee(NANJING, "50.00");
        Person mother = employee(NANJING, "300.00");
        Person father = employee(NANJING, "80.00");
        Ledger.plan(child.psnNo(), 1, List.of(cap(mother, "CHILD", 10_000, 0, 1), all(father, "CHILD", 2_000, 2)));
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        // 60 bills of 5.00 at once (300.00) against 50.00 own + 100.00 under the mother's cap + 60.00 of the
        // father's above his retained minimum: 210.00 from accounts, the rest cash, whatever the order
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Map<String, Object>> bills = new ArrayList<>();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Map<String, Object> b = with(bill(code, child, NANJING, "5.00", "0", "1"), "medins_setl_id", Fixtures.id("M"));
            bills.add(b);
            calls.add(() -> Fixtures.settle(code, b));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : pool.invokeAll(calls)) {
            answers.add(f.get());
        }
        pool.shutdown();
        // no refusal and no error but the deadline's: on this test machine, shared with whole-reactor builds, a
        // settlement may outwait the ledger's deadline (503: nothing charged, retry with the same id), which the
        // benchmark on an idle machine never saw; the retry then settles it once
        assertThat(answers).extracting(Response::statusCode).allMatch(c -> c == 201 || c == 503);
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).statusCode() == 503) {
                Map<String, Object> b = bills.get(i);
                Response again = null;
                for (int attempt = 0; attempt < 5 && (again == null || again.statusCode() == 503); attempt++) {
                    again = Fixtures.settle(code, b);
                }
                assertThat(again.statusCode()).isIn(200, 201);
                answers.set(i, again);
            }
        }
        assertThat(answers).extracting(Response::statusCode).allMatch(c -> c == 200 || c == 201);
        BigDecimal fromAccounts = answers.stream().map(r -> new BigDecimal(r.jsonPath().getString("acct_pay")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal cash = answers.stream().map(r -> new BigDecimal(r.jsonPath().getString("psn_cash_pay")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(fromAccounts).isEqualByComparingTo("210.00");
        assertThat(cash).isEqualByComparingTo("90.00");
        assertThat(Ledger.balc(child.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.balc(mother.psnNo())).isEqualByComparingTo("200.00");
        assertThat(Ledger.balc(father.psnNo())).isEqualByComparingTo("20.00");
        assertThat(Ledger.held(mother.psnNo())).isEqualByComparingTo("0.00");
        // net: an attempt given up at its deadline after the ledger had posted it is refunded before its retry
        assertThat(Ledger.postedToClearing(code) - Ledger.refundedFromClearing(code)).isEqualTo(21_000);
    }

    @Test
    void a_pre_settlement_holds_the_money_and_the_settlement_posts_that_hold() {
        Person patient = employee(NANJING, "60.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = bill(code, patient, NANJING, "45.00", "5.00", "1");
        String preId = Fixtures.pre(code, b).then().statusCode(201)
                .body("status", equalTo("HELD")).body("acct_pay", equalTo(yuan("40.00")))
                .body("psn_cash_pay", equalTo(yuan("0.00"))).extract().path("pre_setl_id");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("40.00");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("60.00");

        Fixtures.settle(code, with(with(with(b, "medfee_sumamt", yuan("46.00")), "pre_setl_id", preId),
                "medins_setl_id", Fixtures.id("M"))).then().statusCode(409).body("code", equalTo("PRE_SETTLEMENT_MISMATCH"));
        Map<String, Object> settle = with(with(b, "pre_setl_id", preId), "medins_setl_id", Fixtures.id("M"));
        Fixtures.settle(code, settle).then().statusCode(201).body("pre_setl_id", equalTo(preId))
                .body("acct_pay", equalTo(yuan("40.00")));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("20.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("0.00");
        Fixtures.settle(code, with(settle, "medins_setl_id", Fixtures.id("M"))).then().statusCode(409)
                .body("code", equalTo("PRE_SETTLEMENT_USED"));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("20.00");
    }

    /** Holds of the ledger for this beneficiary in that status (PLAN holds are the beneficiary's). */
    static long holds(String psnNo, String status) {
        return Ledger.longQuery("SELECT count(*) FROM hold WHERE psn_no = ? AND status = ?", psnNo, status);
    }

    @Test
    void a_settlement_without_pre_setl_id_posts_the_open_pre_settlements_hold_own_account_first_R_SET_2() {
        Person patient = employee(NANJING, "100.00");
        Person funder = employee(NANJING, "500.00");
        Ledger.plan(patient.psnNo(), 1, List.of(all(funder, "CHILD", 0, 1)));
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = bill(code, patient, NANJING, "80.00", "0", "1");
        String preId = Fixtures.pre(code, b).then().statusCode(201).body("acct_pay", equalTo(yuan("80.00")))
                .body("acct_mulaid_pay", equalTo(yuan("0.00"))).extract().path("pre_setl_id");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("80.00");

        // the contract's settlement body is the pre-settlement's body plus medins_setl_id: no pre_setl_id
        Fixtures.settle(code, with(b, "medins_setl_id", Fixtures.id("M"))).then().statusCode(201)
                .body("pre_setl_id", equalTo(preId))
                .body("acct_pay", equalTo(yuan("80.00")))
                .body("acct_mulaid_pay", equalTo(yuan("0.00")))
                .body("psn_cash_pay", equalTo(yuan("0.00")))
                .body("payers", hasSize(1))
                .body("payers[0].psn_no", equalTo(patient.psnNo()));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("20.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.balc(funder.psnNo())).isEqualByComparingTo("500.00");
        assertThat(Ledger.held(funder.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.postedToClearing(code)).as("exactly one charge").isEqualTo(8000);
        assertThat(holds(patient.psnNo(), "POSTED")).isEqualTo(1);
        assertThat(holds(patient.psnNo(), "PENDING")).isZero();
    }

    @Test
    void pre_settling_twice_or_settling_another_bill_releases_the_earlier_pre_settlement_own_account_first_R_SET_2() {
        Person patient = employee(NANJING, "100.00");
        Person funder = employee(NANJING, "500.00");
        Ledger.plan(patient.psnNo(), 1, List.of(all(funder, "CHILD", 0, 1)));
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = bill(code, patient, NANJING, "80.00", "0", "1");
        String first = Fixtures.pre(code, b).then().statusCode(201).extract().path("pre_setl_id");
        // the second pre-settlement supersedes the first: its hold is voided, the own account pays again
        String second = Fixtures.pre(code, b).then().statusCode(201).body("acct_pay", equalTo(yuan("80.00")))
                .body("acct_mulaid_pay", equalTo(yuan("0.00"))).body("payers", hasSize(1))
                .extract().path("pre_setl_id");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("80.00");
        assertThat(Ledger.held(funder.psnNo())).isEqualByComparingTo("0.00");
        Fixtures.settle(code, with(with(b, "pre_setl_id", first), "medins_setl_id", Fixtures.id("M"))).then()
                .statusCode(409).body("code", equalTo("PRE_SETTLEMENT_SUPERSEDED"));

        Fixtures.settle(code, with(b, "medins_setl_id", Fixtures.id("M"))).then().statusCode(201)
                .body("pre_setl_id", equalTo(second))
                .body("acct_pay", equalTo(yuan("80.00"))).body("acct_mulaid_pay", equalTo(yuan("0.00")));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("20.00");
        assertThat(Ledger.balc(funder.psnNo())).isEqualByComparingTo("500.00");
        assertThat(Ledger.postedToClearing(code)).isEqualTo(8000);

        // a pre-settlement that does not match the settlement is voided before the money is held afresh
        Fixtures.pre(code, bill(code, patient, NANJING, "10.00", "0", "1")).then().statusCode(201);
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("10.00");
        Fixtures.settle(code, with(bill(code, patient, NANJING, "15.00", "0", "1"), "medins_setl_id", Fixtures.id("M")))
                .then().statusCode(201).body("pre_setl_id", equalTo(null))
                .body("acct_pay", equalTo(yuan("15.00"))).body("acct_mulaid_pay", equalTo(yuan("0.00")));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("5.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.balc(funder.psnNo())).isEqualByComparingTo("500.00");
        assertThat(holds(patient.psnNo(), "PENDING")).isZero();
        assertThat(holds(patient.psnNo(), "POSTED")).isEqualTo(2);
    }

    @Test
    void a_503_after_posting_a_matched_pre_settlement_is_retried_with_a_fresh_hold_own_account_first_R_SET_2() {
        Person patient = employee(NANJING, "100.00");
        Person funder = employee(NANJING, "500.00");
        Ledger.plan(patient.psnNo(), 1, List.of(all(funder, "CHILD", 0, 1)));
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = bill(code, patient, NANJING, "80.00", "0", "1");
        Fixtures.pre(code, b).then().statusCode(201);
        flakyLedger().postLostOnce(patient.psnNo());
        Map<String, Object> settle = with(b, "medins_setl_id", Fixtures.id("M"));
        Fixtures.settle(code, settle).then().statusCode(503).body("code", equalTo("LEDGER_UNAVAILABLE"));
        String setlId = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>find("psnNo",
                patient.psnNo()).firstResult().setlId);
        Events.await("the pre-settlement's hold released", () -> Ledger.held(patient.psnNo()).signum() == 0);

        // the POS named no pre-settlement: its retry holds afresh (own account first) instead of a 409
        Fixtures.settle(code, settle).then().statusCode(201).body("setl_id", equalTo(setlId))
                .body("pre_setl_id", nullValue())
                .body("acct_pay", equalTo(yuan("80.00"))).body("acct_mulaid_pay", equalTo(yuan("0.00")));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("20.00");
        assertThat(Ledger.balc(funder.psnNo())).isEqualByComparingTo("500.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.postedToClearing(code)).isEqualTo(8000);
    }

    @Test
    void out_of_region_care_with_a_filing_pays_from_accounts_as_at_home_R_SET_6() {
        Person patient = employee(NANJING, "25.00");
        Person son = employee(NANJING, "25.00");
        Ledger.plan(patient.psnNo(), 1, List.of(all(son, "PARENT", 0, 1)));
        String suzhou = Fixtures.institution("HOSPITAL", SUZHOU, false);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        given().auth().oauth2(Tokens.person(patient.psnNo())).contentType("application/json")
                .body(Map.of("request_id", Fixtures.id("R"), "psn_no", patient.psnNo(), "admdvs", SUZHOU,
                        "begndate", today.minusDays(1).toString(), "enddate", today.plusMonths(1).toString()))
                .post("/api/v1/filings").then().statusCode(201);
        Fixtures.settle(suzhou, with(bill(suzhou, patient, SUZHOU, "40.00", "0", "1"), "medins_setl_id", Fixtures.id("M")))
                .then().statusCode(201).body("acct_pay", equalTo(yuan("40.00")))
                .body("acct_mulaid_pay", equalTo(yuan("15.00")));
        assertThat(Ledger.balc(son.psnNo())).isEqualByComparingTo("10.00");
    }

    @Test
    void the_days_reconciliation_equals_the_ledgers_postings_to_the_clearing_account_R_SET_8() {
        String code = Fixtures.institution("PHARMACY", NANJING, false);
        Person a = employee(NANJING, "100.00");
        Person b = employee(NANJING, "10.00");
        Person c = employee(NANJING, "70.00");
        Ledger.plan(b.psnNo(), 1, List.of(cap(c, "SPOUSE", 3000, 0, 1)));
        List<String> setl = new ArrayList<>();
        for (Object[] x : new Object[][]{{a, "35.50"}, {a, "12.00"}, {b, "50.00"}, {c, "8.88"}}) {
            Person p = (Person) x[0];
            setl.add(Fixtures.settle(code, with(with(bill(code, p, NANJING, (String) x[1], "0", "1"), "med_type", "41"),
                    "medins_setl_id", Fixtures.id("M"))).then().statusCode(201).extract().path("setl_id"));
        }
        Fixtures.reverse(code, setl.get(1)).then().statusCode(200);
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        var recon = given().auth().oauth2(Tokens.agency(NANJING)).queryParam("fixmedins_code", code)
                .queryParam("date", today).get("/api/v1/reconciliation").then().statusCode(200).extract().jsonPath();
        long posted = Ledger.postedToClearing(code);
        long refunded = Ledger.refundedFromClearing(code);
        assertThat(posted).isEqualTo(3550 + 1200 + 4000 + 888);
        assertThat(refunded).isEqualTo(1200);
        assertThat(new BigDecimal(recon.getString("ledger_clearing.posted_amt")).movePointRight(2).longValueExact())
                .isEqualTo(posted);
        assertThat(new BigDecimal(recon.getString("ledger_clearing.refunded_amt")).movePointRight(2).longValueExact())
                .isEqualTo(refunded);
        assertThat(recon.getInt("settled.count")).isEqualTo(4);
        assertThat(recon.getInt("reversed.count")).isEqualTo(1);
        assertThat(recon.getString("settled.acct_mulaid_pay")).isEqualTo("30.00");
        assertThat(recon.getString("settled.psn_cash_pay")).isEqualTo("10.00");
        long bySourceNet = recon.getList("by_source.findAll { it.source != 'CASH' }.net_amt", String.class).stream()
                .map(BigDecimal::new).map(v -> v.movePointRight(2).longValueExact()).mapToLong(Long::longValue).sum();
        assertThat(bySourceNet).isEqualTo(posted - refunded);

        // a failed attempt the ledger had posted (reply lost, 503 to the POS) and the resolver refunded: the ledger's
        // gross postings and refunds both show it, and so must the reconciliation (the net is unchanged)
        String lost = Fixtures.settle(code, with(with(bill(code, a, NANJING, "7.00", "0", "1"), "med_type", "41"),
                "medins_setl_id", Fixtures.id("M"))).then().statusCode(201).extract().path("setl_id");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE settlement SET status = 'FAILED', "
                + "hold_state = 'HELD', failure_code = 'LEDGER_TIMEOUT' WHERE setl_id = ?1").setParameter(1, lost)
                .executeUpdate());
        assertThat(resolver.resolveSettlementHold(lost)).isTrue();
        assertThat(resolver.resolveSettlementHold(lost)).as("resolving again counts nothing twice").isTrue();
        var after = given().auth().oauth2(Tokens.agency(NANJING)).queryParam("fixmedins_code", code)
                .queryParam("date", today).get("/api/v1/reconciliation").then().statusCode(200).extract().jsonPath();
        long postedAfter = Ledger.postedToClearing(code);
        long refundedAfter = Ledger.refundedFromClearing(code);
        assertThat(postedAfter).isEqualTo(posted + 700);
        assertThat(refundedAfter).isEqualTo(refunded + 700);
        assertThat(new BigDecimal(after.getString("ledger_clearing.posted_amt")).movePointRight(2).longValueExact())
                .isEqualTo(postedAfter);
        assertThat(new BigDecimal(after.getString("ledger_clearing.refunded_amt")).movePointRight(2).longValueExact())
                .isEqualTo(refundedAfter);
        assertThat(new BigDecimal(after.getString("ledger_clearing.net_amt")).movePointRight(2).longValueExact())
                .isEqualTo(postedAfter - refundedAfter).isEqualTo(posted - refunded);
        assertThat(after.getInt("settled.count")).isEqualTo(4);
        assertThat(after.getInt("reversed.count")).isEqualTo(1);
    }

    @Test
    void a_ledger_that_does_not_answer_in_time_gets_503_nothing_is_charged_and_a_retry_settles_once() {
        Person patient = employee(NANJING, "90.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = with(bill(code, patient, NANJING, "30.00", "0", "1"), "medins_setl_id", Fixtures.id("M"));
        WalletJar.signal("STOP");
        String setlId;
        try {
            Fixtures.settle(code, b).then().statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("LEDGER_UNAVAILABLE"));
            Settlement s = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>find("psnNo",
                    patient.psnNo()).firstResult());
            assertThat(s.status).isEqualTo(Settlement.FAILED);
            setlId = s.setlId;
        } finally {
            WalletJar.signal("CONT");
        }
        // the hold placed late by the resumed ledger is found by re-sending the same command, then voided
        Events.await("the late hold released", () -> QuarkusTransaction.requiringNew().call(
                () -> Settlement.<Settlement>findById(setlId).holdState).matches("VOIDED|NONE"));
        Events.await("nothing held", () -> Ledger.held(patient.psnNo()).signum() == 0);
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("90.00");

        Fixtures.settle(code, b).then().statusCode(201).body("setl_id", equalTo(setlId)).body("acct_pay", equalTo(yuan("30.00")));
        Fixtures.settle(code, b).then().statusCode(200).body("setl_id", equalTo(setlId));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("60.00");
        assertThat(Ledger.postedToClearing(code)).isEqualTo(3000);
    }

    @Test
    void the_patients_own_wallet_pays_after_the_own_account_at_wallet_enabled_institutions_of_its_region_R_SET_2() {
        Person patient = employee(NANJING, "10.00");
        Person brother = employee(NANJING, "100.00");
        Events.send("kinship.changed", patient.psnNo(), kinship(patient.psnNo(), brother.psnNo()));
        Events.send("kinship.changed", brother.psnNo(), kinship(brother.psnNo(), patient.psnNo()));
        String w = Ledger.url();
        int open = given().baseUri(w).auth().oauth2(Tokens.platform(NANJING)).contentType("application/json")
                .body(Map.of("open", true)).put("/api/v1/wallet-regions/{a}", NANJING).statusCode();
        Assertions.assertEquals(200, open, "opening the wallet region");
        given().baseUri(w).auth().oauth2(Tokens.person(patient.psnNo())).contentType("application/json")
                .body(Map.of("psn_no", patient.psnNo(), "admdvs", NANJING, "phone", "13800138000"))
                .post("/api/v1/wallets").then().statusCode(201);
        Events.await("the transfer into the wallet", () -> given().baseUri(w)
                .auth().oauth2(Tokens.personStepUp(brother.psnNo())).contentType("application/json")
                .body(Map.of("transfer_id", "T-" + patient.psnNo(), "from_psn_no", brother.psnNo(), "source", "PERSONAL",
                        "to_psn_no", patient.psnNo(), "to_psn_name", patient.name(), "amount", yuan("40.00")))
                .post("/api/v1/transfers").statusCode() / 100 == 2);
        Ledger.plan(patient.psnNo(), 1, List.of(all(brother, "SIBLING", 0, 1)));
        assertThat(Ledger.walletBalc(patient.psnNo())).isEqualByComparingTo("40.00");

        // not wallet-enabled: the wallet is skipped, the brother pays the rest
        String plain = Fixtures.institution("HOSPITAL", NANJING, false);
        Fixtures.settle(plain, with(bill(plain, patient, NANJING, "15.00", "0", "1"), "medins_setl_id", Fixtures.id("M")))
                .then().statusCode(201).body("wlt_pay", equalTo(yuan("0.00"))).body("acct_mulaid_pay", equalTo(yuan("5.00")));
        // wallet-enabled, in the wallet's region: own account (now empty) → own wallet → brother
        String enabled = Fixtures.institution("HOSPITAL", NANJING, true);
        Fixtures.settle(enabled, with(bill(enabled, patient, NANJING, "70.00", "0", "1"), "medins_setl_id",
                        Fixtures.id("M"))).then().statusCode(201)
                .body("wlt_pay", equalTo(yuan("40.00")))
                .body("acct_pay", equalTo(yuan("30.00")))
                .body("acct_mulaid_pay", equalTo(yuan("30.00")))
                .body("psn_cash_pay", equalTo(yuan("0.00")))
                .body("payers[0].source", equalTo("WALLET"))
                .body("payers[0].relation", equalTo("SELF"))
                .body("payers[1].psn_no", equalTo(brother.psnNo()));
        assertThat(Ledger.walletBalc(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.balc(brother.psnNo())).isEqualByComparingTo("25.00");
    }

    @Inject
    HoldResolver resolver;

    @Inject
    EntityManager em;

    @Test
    void a_settlement_given_up_after_the_ledger_had_posted_is_refunded_by_its_legs() {
        Person patient = employee(NANJING, "50.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        String setlId = Fixtures.settle(code, with(bill(code, patient, NANJING, "20.00", "0", "1"), "medins_setl_id",
                Fixtures.id("M"))).then().statusCode(201).extract().path("setl_id");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("30.00");
        // as if the POSTED reply had been lost and the row given up (503 to the POS): FAILED with the hold held
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE settlement SET status = 'FAILED', "
                + "hold_state = 'HELD', failure_code = 'LEDGER_TIMEOUT' WHERE setl_id = ?1").setParameter(1, setlId)
                .executeUpdate());
        assertThat(resolver.resolveSettlementHold(setlId)).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId).holdState))
                .isEqualTo("REFUNDED");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("50.00");
        assertThat(Ledger.refundedFromClearing(code)).isEqualTo(Ledger.postedToClearing(code)).isEqualTo(2000);
        assertThat(resolver.resolveSettlementHold(setlId)).as("resolving again changes nothing").isTrue();
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("50.00");
    }

    @Inject
    LedgerClient ledgerClient;

    @Test
    void a_refund_or_void_answered_internal_by_the_ledger_is_retried_until_the_money_is_back() {
        Person patient = employee(NANJING, "50.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        String setlId = Fixtures.settle(code, with(bill(code, patient, NANJING, "20.00", "0", "1"), "medins_setl_id",
                Fixtures.id("M"))).then().statusCode(201).extract().path("setl_id");
        String preId = Fixtures.pre(code, bill(code, patient, NANJING, "10.00", "0", "1")).then().statusCode(201)
                .extract().path("pre_setl_id");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("30.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("10.00");
        String setlHold = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId).holdId);
        String preHold = QuarkusTransaction.requiringNew().call(
                () -> PreSettlement.<PreSettlement>findById(
                        preId).holdId);
        // the ledger rolls back the first refund and the first void and answers INTERNAL (stores nothing)
        FlakyLedger flaky = flakyLedger()
                .internalOnce("REFUND_HOLD", setlHold).internalOnce("VOID_HOLD", preHold);
        // as if the POSTED reply had been lost (settlement given up, hold posted) and the pre-settlement failed
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE settlement SET status = 'FAILED', hold_state = 'HELD', "
                    + "failure_code = 'LEDGER_TIMEOUT' WHERE setl_id = ?1").setParameter(1, setlId).executeUpdate();
            em.createNativeQuery("UPDATE pre_settlement SET status = 'FAILED', hold_state = 'HELD', "
                    + "failure_code = 'LEDGER_TIMEOUT' WHERE pre_setl_id = ?1").setParameter(1, preId).executeUpdate();
        });
        // whoever meets the INTERNAL answer (this test or the resolver's sweep) must leave the hold unresolved,
        // and a later attempt refunds / voids it
        Events.await("the INTERNAL answers", () -> {
            resolver.resolveSettlementHold(setlId);
            resolver.resolvePreHold(preId);
            return flaky.internalAnswers.get() == 2;
        });
        Events.await("the refund retried", () -> {
            resolver.resolveSettlementHold(setlId);
            return !"HELD".equals(QuarkusTransaction.requiringNew().call(
                    () -> Settlement.<Settlement>findById(setlId).holdState));
        });
        Events.await("the void retried", () -> {
            resolver.resolvePreHold(preId);
            return !"HELD".equals(QuarkusTransaction.requiringNew().call(
                    () -> PreSettlement.<PreSettlement>findById(
                            preId).holdState));
        });
        assertThat(QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId).holdState))
                .isEqualTo("REFUNDED");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("50.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.refundedFromClearing(code)).isEqualTo(Ledger.postedToClearing(code)).isEqualTo(2000);
    }

    /** The real ledger client wrapped in a {@link FlakyLedger} (faults set by the caller), installed for this test. */
    private FlakyLedger flakyLedger() {
        FlakyLedger flaky = new FlakyLedger(ClientProxy.unwrap(ledgerClient));
        QuarkusMock.installMockForType(flaky, LedgerClient.class);
        return flaky;
    }

    /** A settlement that got 503 (its hold command lost), FAILED and released; returns its setl_id. */
    String failedOnce(FlakyLedger flaky, String code, Person patient,
                      Map<String, Object> body) {
        flaky.lostOnce(patient.psnNo());
        Fixtures.settle(code, body).then().statusCode(503).body("code", equalTo("LEDGER_UNAVAILABLE"));
        String setlId = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>find("psnNo",
                patient.psnNo()).firstResult().setlId);
        Events.await("the failed attempt released", () -> QuarkusTransaction.requiringNew().call(
                () -> Settlement.<Settlement>findById(setlId).holdState).matches("VOIDED|NONE"));
        return setlId;
    }

    @Test
    void a_retry_long_after_the_first_attempt_is_not_given_up_while_the_ledger_works_on_it() {
        Person patient = employee(NANJING, "90.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = with(bill(code, patient, NANJING, "30.00", "0", "1"), "medins_setl_id", Fixtures.id("M"));
        FlakyLedger flaky = flakyLedger();
        String setlId = failedOnce(flaky, code, patient, b);
        // the POS retries ten minutes after its first attempt, and the ledger takes longer than the resolver's
        // sweep interval (5 s) to post, within the attempt's deadline (8 s in tests): the sweep must not give the
        // retry up as stale (stale-after 30 s)
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE settlement SET created_at = "
                + "created_at - interval '10 minutes', attempt_started_at = attempt_started_at - interval '10 minutes' "
                + "WHERE setl_id = ?1").setParameter(1, setlId).executeUpdate());
        flaky.postDelay(patient.psnNo(), 6_000);
        Fixtures.settle(code, b).then().statusCode(201).body("setl_id", equalTo(setlId))
                .body("status", equalTo("COMPLETED")).body("acct_pay", equalTo(yuan("30.00")));
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("60.00");
        assertThat(Ledger.postedToClearing(code)).isEqualTo(3000);
        assertThat(Ledger.refundedFromClearing(code)).isZero();
    }

    @Test
    void a_retry_after_a_503_is_checked_again_a_suspension_in_between_refuses_it_R_SET_3() {
        Person patient = employee(NANJING, "90.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = with(bill(code, patient, NANJING, "30.00", "0", "1"), "medins_setl_id", Fixtures.id("M"));
        FlakyLedger flaky = flakyLedger();
        String setlId = failedOnce(flaky, code, patient, b);
        given().auth().oauth2(Tokens.agency(NANJING)).contentType("application/json")
                .body(Map.of("request_id", Fixtures.id("R"), "psn_no", patient.psnNo(), "months", 3, "reason", "冒名就医"))
                .post("/api/v1/suspensions").then().statusCode(201);

        Fixtures.settle(code, b).then().statusCode(403).body("code", equalTo("R-SET-3"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId).status))
                .isEqualTo(Settlement.FAILED);
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("90.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.postedToClearing(code)).isZero();
    }

    static String kinship(String psn, String relative) {
        return """
                {"event_id":"%s","type":"kinship.changed","schema_version":1,"occurred_at":"2026-11-22T00:00:00Z",
                 "key":"%s","data":{"psn_no":"%s","relative_psn_no":"%s","relation":"SIBLING","active":true}}"""
                .formatted(UUID.randomUUID(), psn, psn, relative);
    }
}
