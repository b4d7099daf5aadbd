package cn.familyaid.settlement;

import cn.familyaid.settlement.domain.ImpersonationAttempt;
import cn.familyaid.settlement.domain.InsuredPerson;
import cn.familyaid.settlement.domain.RegionPolicy;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.outbox.OutboxEvent;
import cn.familyaid.settlement.support.Api;
import cn.familyaid.settlement.support.Events;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Fixtures.Person;
import cn.familyaid.settlement.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static cn.familyaid.settlement.support.Fixtures.bill;
import static cn.familyaid.settlement.support.Fixtures.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/**
 * The rules decided before any money moves (R-SET-1, -3, -4, -5, -6) and the all-cash path, through
 * the REST API against the real database and broker. These never need the ledger: every request here
 * is refused before the ledger is asked, or pays nothing from accounts.
 */
@QuarkusTest
class SettlementRulesTest {
    static final String NANJING = "320102";
    static final String SUZHOU = "320506";

    @Inject
    EntityManager em;

    @BeforeAll
    static void amounts() {
        Api.exactAmounts();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    // ------------------------------------------------------------------ R-SET-1

    @Test
    void only_designated_institutions_settle_R_SET_1() {
        Person p = Fixtures.person("310", NANJING);
        String unknown = Fixtures.id("H");
        Fixtures.settle(unknown, with(bill(unknown, p, NANJING, "100.00", "0", "0"), "medins_setl_id", "M0"))
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("R-SET-1"));

        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        given().auth().oauth2(Tokens.platform(NANJING)).contentType("application/json")
                .body(Map.of("fixmedins_name", "撤销定点", "fixmedins_type", "HOSPITAL", "admdvs", NANJING,
                        "wallet_enabled", false, "designated", false))
                .put("/api/v1/institutions/{c}", code).then().statusCode(200).body("designated", equalTo(false));
        Fixtures.settle(code, with(bill(code, p, NANJING, "100.00", "0", "0"), "medins_setl_id", "M1"))
                .then().statusCode(403).body("code", equalTo("R-SET-1"));
    }

    @Test
    void an_institution_settles_only_as_itself_R_SET_1() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        String other = Fixtures.institution("HOSPITAL", NANJING, false);
        Fixtures.settle(other, with(bill(code, p, NANJING, "10.00", "0", "0"), "medins_setl_id", "M1"))
                .then().statusCode(403).body("code", equalTo("R-SET-1"));
        Fixtures.pre(other, bill(code, p, NANJING, "10.00", "0", "0"))
                .then().statusCode(403).body("code", equalTo("R-SET-1"));
    }

    @Test
    void institutions_are_registered_by_the_platform_of_their_region_R_SET_1() {
        String code = Fixtures.id("H");
        Map<String, Object> body = Map.of("fixmedins_name", "药店", "fixmedins_type", "PHARMACY", "admdvs", NANJING,
                "wallet_enabled", true);
        given().contentType("application/json").body(body).put("/api/v1/institutions/{c}", code)
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.institution(code)).contentType("application/json").body(body)
                .put("/api/v1/institutions/{c}", code).then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.platform("440000")).contentType("application/json").body(body)
                .put("/api/v1/institutions/{c}", code).then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.platform("320000")).contentType("application/json")
                .body(with(body, "fixmedins_type", "CLINIC")).put("/api/v1/institutions/{c}", code)
                .then().statusCode(400).body("errors[0].field", equalTo("fixmedins_type"));
        given().auth().oauth2(Tokens.platform("320000")).contentType("application/json").body(body)
                .put("/api/v1/institutions/{c}", code).then().statusCode(201).body("fixmedins_type", equalTo("PHARMACY"))
                .body("wallet_enabled", equalTo(true)).body("designated", equalTo(true));
        given().auth().oauth2(Tokens.platform("320000")).contentType("application/json").body(body)
                .put("/api/v1/institutions/{c}", code).then().statusCode(200);
    }

    // ------------------------------------------------------------------ R-SET-3

    @Test
    void a_credential_of_another_person_is_refused_and_recorded_R_SET_3() {
        Person patient = Fixtures.person("310", NANJING);
        Person other = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = with(bill(code, patient, NANJING, "50.00", "0", "1"), "medins_setl_id", Fixtures.id("M"));

        Fixtures.settle(code, with(b, "mdtrt_cert_no", other.certno())).then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("R-SET-3"))
                .body("detail", not(containsString(other.certno())));
        Fixtures.pre(code, with(with(b, "medins_setl_id", null), "mdtrt_cert_no", other.certno()))
                .then().statusCode(403).body("code", equalTo("R-SET-3"));
        Fixtures.settle(code, with(with(b, "mdtrt_cert_type", "01"), "mdtrt_cert_no", other.psnNo()))
                .then().statusCode(403).body("code", equalTo("R-SET-3"));
        Fixtures.settle(code, with(with(b, "mdtrt_cert_type", "03"), "mdtrt_cert_no", other.certno()))
                .then().statusCode(403).body("code", equalTo("R-SET-3"));

        List<ImpersonationAttempt> attempts = QuarkusTransaction.requiringNew().call(
                () -> ImpersonationAttempt.<ImpersonationAttempt>list("psnNo", patient.psnNo()));
        assertThat(attempts).hasSize(4);
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.holderPsnNo).isEqualTo(other.psnNo());
            assertThat(a.fixmedinsCode).isEqualTo(code);
        });
        assertThat(attempts).extracting(a -> a.operation).contains("PRE", "SETTLE");
        assertThat(settlementsOf(patient.psnNo())).as("nothing settled").isZero();

        // the patient's own credentials pass: ID card, social-security card, e-voucher (resolved psn_no)
        Fixtures.settle(code, with(b, "acct_used_flag", "0")).then().statusCode(201);
        Fixtures.settle(code, with(with(with(b, "acct_used_flag", "0"), "mdtrt_cert_type", "03"), "medins_setl_id",
                Fixtures.id("M"))).then().statusCode(201);
        Fixtures.settle(code, with(with(with(with(b, "acct_used_flag", "0"), "mdtrt_cert_type", "01"),
                "mdtrt_cert_no", patient.psnNo()), "medins_setl_id", Fixtures.id("M"))).then().statusCode(201);
    }

    @Test
    void a_deceased_persons_credential_is_refused_R_SET_3() {
        Person p = Fixtures.person("310", NANJING);
        Events.personChanged(p.psnNo(), p.name(), p.certno(), "310", NANJING, 2, "2026-01-01");
        Events.await("death of " + p.psnNo(), () -> QuarkusTransaction.requiringNew().call(
                () -> InsuredPerson.<InsuredPerson>findById(
                        p.psnNo()).deathDate != null));
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Fixtures.settle(code, with(bill(code, p, NANJING, "50.00", "0", "0"), "medins_setl_id", Fixtures.id("M")))
                .then().statusCode(403).body("code", equalTo("R-SET-3"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> ImpersonationAttempt.count("psnNo", p.psnNo())))
                .isEqualTo(1);
    }

    @Test
    void a_suspended_person_cannot_settle_until_the_suspension_ends_R_SET_3() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = with(bill(code, p, NANJING, "20.00", "0", "0"), "medins_setl_id", Fixtures.id("M"));
        Map<String, Object> suspension = Map.of("request_id", Fixtures.id("R"), "psn_no", p.psnNo(), "months", 3,
                "reason", "冒名就医");

        given().auth().oauth2(Tokens.agency("440300")).contentType("application/json").body(suspension)
                .post("/api/v1/suspensions").then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.institution(code)).contentType("application/json").body(suspension)
                .post("/api/v1/suspensions").then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.agency(NANJING)).contentType("application/json")
                .body(with(suspension, "months", 2)).post("/api/v1/suspensions")
                .then().statusCode(400).body("errors[0].field", equalTo("months"));
        given().auth().oauth2(Tokens.agency(NANJING)).contentType("application/json")
                .body(with(suspension, "months", 13)).post("/api/v1/suspensions")
                .then().statusCode(400).body("errors[0].field", equalTo("months"));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        given().auth().oauth2(Tokens.agency(NANJING)).contentType("application/json").body(suspension)
                .post("/api/v1/suspensions").then().statusCode(201)
                .body("enddate", equalTo(today.plusMonths(3).toString()));
        given().auth().oauth2(Tokens.agency("320000")).contentType("application/json").body(suspension)
                .post("/api/v1/suspensions").then().statusCode(200);
        given().auth().oauth2(Tokens.agency(NANJING)).contentType("application/json")
                .body(with(suspension, "months", 6)).post("/api/v1/suspensions")
                .then().statusCode(409).body("code", equalTo("IDEMPOTENCY_CONFLICT"));

        Fixtures.settle(code, b).then().statusCode(403).body("code", equalTo("R-SET-3"));
        Fixtures.pre(code, with(b, "medins_setl_id", null)).then().statusCode(403).body("code", equalTo("R-SET-3"));

        // the suspension ends: move it into the past (its end day is the first day the person may settle again)
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE suspension SET begndate = ?1, enddate = ?2 WHERE psn_no = ?3")
                .setParameter(1, today.minusMonths(3)).setParameter(2, today).setParameter(3, p.psnNo())
                .executeUpdate());
        Fixtures.settle(code, b).then().statusCode(201).body("status", equalTo("COMPLETED"));
    }

    // ------------------------------------------------------------------ R-SET-4

    @Test
    void a_proxy_purchase_records_the_proxy_with_the_settlement_R_SET_4() {
        Person patient = Fixtures.person("310", NANJING);
        String pharmacy = Fixtures.institution("PHARMACY", NANJING, false);
        String proxyCertno = Fixtures.certno();
        Map<String, Object> b = with(with(with(bill(pharmacy, patient, NANJING, "36.50", "0", "0"), "med_type", "41"),
                "medins_setl_id", Fixtures.id("M")),
                "proxy", Map.of("psn_name", "李小红", "certno", proxyCertno, "relation", "CHILD"));
        String setlId = Fixtures.settle(pharmacy, b).then().statusCode(201)
                .body("proxy.psn_name", equalTo("李**"))
                .body("proxy.relation", equalTo("CHILD"))
                .body("proxy.certno", equalTo(proxyCertno.substring(0, 3) + "*".repeat(11) + proxyCertno.substring(14)))
                .extract().path("setl_id");
        Settlement s = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId));
        assertThat(s.proxyName).isEqualTo("李小红");
        assertThat(s.proxyCertno).isEqualTo(proxyCertno);
        assertThat(s.proxyRelation).isEqualTo("CHILD");
        given().auth().oauth2(Tokens.person(patient.psnNo())).get("/api/v1/settlements/{s}", setlId)
                .then().statusCode(200).body("proxy.certno", not(equalTo(proxyCertno)));
        Fixtures.settle(pharmacy, with(b, "proxy", Map.of("psn_name", "李小红", "certno", proxyCertno, "relation", "FRIEND")))
                .then().statusCode(400).body("errors[0].field", equalTo("proxy.relation"));
    }

    // ------------------------------------------------------------------ R-SET-5

    @Test
    void public_health_fitness_and_wellness_are_refused_R_SET_5() {
        Person p = Fixtures.person("310", NANJING);
        for (String kind : List.of("HOSPITAL", "PHARMACY", "CHECKUP")) {
            String code = Fixtures.institution(kind, NANJING, true);
            for (String refused : List.of("91", "92", "93")) {
                Fixtures.settle(code, with(with(bill(code, p, NANJING, "80.00", "0", "1"), "med_type", refused),
                        "medins_setl_id", Fixtures.id("M"))).then().statusCode(403).body("code", equalTo("R-SET-5"));
            }
        }
        String code = Fixtures.institution("HOSPITAL", NANJING, true);
        Fixtures.settle(code, with(with(bill(code, p, NANJING, "80.00", "0", "1"), "med_type", "77"),
                "medins_setl_id", Fixtures.id("M"))).then().statusCode(400).body("errors[0].field", equalTo("med_type"));
        assertThat(settlementsOf(p.psnNo())).isZero();
    }

    @Test
    void each_use_is_settled_only_at_its_kind_of_institution_R_SET_5() {
        Person p = Fixtures.person("310", NANJING);
        String hospital = Fixtures.institution("HOSPITAL", NANJING, false);
        String pharmacy = Fixtures.institution("PHARMACY", NANJING, false);
        String checkup = Fixtures.institution("CHECKUP", NANJING, false);
        Map<String, String> refusedAt = Map.of("21", pharmacy, "11", checkup, "41", hospital);
        refusedAt.forEach((medType, code) -> Fixtures.settle(code, with(with(bill(code, p, NANJING, "30.00", "0", "0"),
                        "med_type", medType), "medins_setl_id", Fixtures.id("M")))
                .then().statusCode(403).body("code", equalTo("R-SET-5")));
        Map<String, String> allowedAt = Map.of("21", hospital, "11", hospital, "41", pharmacy, "14", pharmacy,
                "61", pharmacy);
        // 61 pays a resident-insurance premium: its beneficiary is resident-insured (see the test below)
        Person resident = Fixtures.person("390", NANJING);
        allowedAt.forEach((medType, code) -> Fixtures.settle(code, with(with(bill(code, "61".equals(medType) ? resident
                                : p, NANJING, "30.00", "0", "0"), "med_type", medType), "medins_setl_id", Fixtures.id("M")))
                .then().statusCode(201).body("med_type", equalTo(medType)));
    }

    @Test
    void a_resident_premium_is_paid_only_for_a_resident_insured_beneficiary_R_SET_5() {
        Person employee = Fixtures.person("310", NANJING);
        Person resident = Fixtures.person("390", NANJING);
        String hospital = Fixtures.institution("HOSPITAL", NANJING, false);
        for (String flag : List.of("0", "1")) {
            Fixtures.settle(hospital, with(with(bill(hospital, employee, NANJING, "380.00", "0", flag), "med_type", "61"),
                    "medins_setl_id", Fixtures.id("M"))).then().statusCode(403).body("code", equalTo("R-SET-5"));
            Fixtures.pre(hospital, with(bill(hospital, employee, NANJING, "380.00", "0", flag), "med_type", "61"))
                    .then().statusCode(403).body("code", equalTo("R-SET-5"));
        }
        assertThat(settlementsOf(employee.psnNo())).isZero();
        Fixtures.settle(hospital, with(with(bill(hospital, resident, NANJING, "380.00", "0", "0"), "med_type", "61"),
                "medins_setl_id", Fixtures.id("M"))).then().statusCode(201).body("med_type", equalTo("61"))
                .body("psn_cash_pay", equalTo(new BigDecimal("380.00")));
    }

    @Test
    void checkups_and_commercial_and_ltc_premiums_need_the_region_policy_R_SET_5() {
        String region = "3205" + String.format("%02d", (int) (Math.random() * 90) + 10);
        Person p = Fixtures.person("310", region);
        String checkup = Fixtures.institution("CHECKUP", region, false);
        String hospital = Fixtures.institution("HOSPITAL", region, false);
        for (var use : Map.of("51", checkup, "62", hospital, "63", hospital).entrySet()) {
            Fixtures.settle(use.getValue(), with(with(bill(use.getValue(), p, region, "300.00", "0", "1"), "med_type",
                    use.getKey()), "medins_setl_id", Fixtures.id("M"))).then().statusCode(403)
                    .body("code", equalTo("R-SET-5"));
        }
        Events.regionPolicyChanged(region, List.of("CHECKUP", "COMMERCIAL_PREMIUM", "LTC_PREMIUM"), 1);
        Events.await("policy of " + region, () -> QuarkusTransaction.requiringNew().call(
                () -> RegionPolicy.categoriesFor(region).contains("LTC_PREMIUM")));
        for (var use : Map.of("51", checkup, "62", hospital, "63", hospital).entrySet()) {
            Fixtures.settle(use.getValue(), with(with(bill(use.getValue(), p, region, "300.00", "0", "0"), "med_type",
                    use.getKey()), "medins_setl_id", Fixtures.id("M"))).then().statusCode(201);
        }
    }

    // ------------------------------------------------------------------ R-SET-6

    @Test
    void out_of_region_care_without_a_filing_uses_no_account_money_R_SET_6() {
        Person p = Fixtures.person("310", NANJING);
        String suzhou = Fixtures.institution("HOSPITAL", SUZHOU, false);
        Map<String, Object> b = with(bill(suzhou, p, SUZHOU, "120.00", "20.00", "1"), "medins_setl_id", Fixtures.id("M"));
        Fixtures.settle(suzhou, b).then().statusCode(201)
                .body("psn_part_amt", equalTo(new BigDecimal("100.00")))
                .body("acct_pay", equalTo(new BigDecimal("0.00")))
                .body("acct_mulaid_pay", equalTo(new BigDecimal("0.00")))
                .body("wlt_pay", equalTo(new BigDecimal("0.00")))
                .body("psn_cash_pay", equalTo(new BigDecimal("100.00")))
                .body("payers", hasSize(0))
                .body("account_not_used_by", equalTo("R-SET-6"));
        Fixtures.settle(suzhou, with(with(b, "mdtrtarea_admvs", NANJING), "medins_setl_id", Fixtures.id("M")))
                .then().statusCode(400)
                .body("errors[0].field", equalTo("mdtrtarea_admvs"));
    }

    @Test
    void filings_are_made_by_the_person_or_the_agency_of_their_region_R_SET_6() {
        Person p = Fixtures.person("310", NANJING);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Map<String, Object> filing = Map.of("request_id", Fixtures.id("R"), "psn_no", p.psnNo(), "admdvs", SUZHOU,
                "begndate", today.toString(), "enddate", today.plusMonths(6).toString());
        given().auth().oauth2(Tokens.person("SOMEONE")).contentType("application/json").body(filing)
                .post("/api/v1/filings").then().statusCode(403);
        given().auth().oauth2(Tokens.agency("440300")).contentType("application/json").body(filing)
                .post("/api/v1/filings").then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(with(filing, "enddate", today.minusDays(1).toString())).post("/api/v1/filings")
                .then().statusCode(400).body("errors[0].field", equalTo("enddate"));
        given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(with(filing, "admdvs", NANJING)).post("/api/v1/filings")
                .then().statusCode(400).body("errors[0].field", equalTo("admdvs"));
        given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json").body(filing)
                .post("/api/v1/filings").then().statusCode(201).body("admdvs", equalTo(SUZHOU));
        given().auth().oauth2(Tokens.agency(NANJING)).contentType("application/json").body(filing)
                .post("/api/v1/filings").then().statusCode(200);
        given().auth().oauth2(Tokens.agency(NANJING)).contentType("application/json")
                .body(with(filing, "admdvs", "320505")).post("/api/v1/filings")
                .then().statusCode(409).body("code", equalTo("IDEMPOTENCY_CONFLICT"));
    }

    // ------------------------------------------------------------------ split, idempotency, reading

    @Test
    void acct_used_flag_0_settles_all_in_cash_and_emits_settlement_completed() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, true);
        String setlId = Fixtures.settle(code, with(bill(code, p, NANJING, "258.36", "158.30", "0"), "medins_setl_id",
                        Fixtures.id("M"))).then().statusCode(201)
                .body("status", equalTo("COMPLETED"))
                .body("medfee_sumamt", equalTo(new BigDecimal("258.36")))
                .body("fund_pay_sumamt", equalTo(new BigDecimal("158.30")))
                .body("psn_part_amt", equalTo(new BigDecimal("100.06")))
                .body("acct_pay", equalTo(new BigDecimal("0.00")))
                .body("psn_cash_pay", equalTo(new BigDecimal("100.06")))
                .body("account_not_used_by", equalTo("ACCT_USED_FLAG"))
                .body("psn_name", equalTo(p.name().charAt(0) + "**"))
                .extract().path("setl_id");
        OutboxEvent e = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>find(
                "type = ?1 and payload like ?2", "settlement.completed", "%" + setlId + "%").firstResult());
        assertThat(e).isNotNull();
        assertThat(e.key).isEqualTo(p.psnNo());
        assertThat(e.payload).contains("\"psn_cash_pay_fen\":10006").contains("\"acct_pay_fen\":0")
                .doesNotContain(p.certno());
    }

    @Test
    void the_same_medins_setl_id_answers_the_same_and_other_content_conflicts() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = with(bill(code, p, NANJING, "10.00", "0", "0"), "medins_setl_id", Fixtures.id("M"));
        String first = Fixtures.settle(code, b).then().statusCode(201).extract().path("setl_id");
        Fixtures.settle(code, b).then().statusCode(200).body("setl_id", equalTo(first));
        Fixtures.settle(code, with(b, "medfee_sumamt", new BigDecimal("10.01"))).then().statusCode(409)
                .body("code", equalTo("IDEMPOTENCY_CONFLICT"));
        // the same medins_setl_id at another institution is another settlement
        String other = Fixtures.institution("HOSPITAL", NANJING, false);
        Fixtures.settle(other, with(b, "fixmedins_code", other)).then().statusCode(201)
                .body("setl_id", not(equalTo(first)));
        assertThat(settlementsOf(p.psnNo())).isEqualTo(2);
    }

    @Test
    void bad_input_is_refused_naming_the_field() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> b = with(bill(code, p, NANJING, "10.00", "0", "0"), "medins_setl_id", Fixtures.id("M"));
        Fixtures.settle(code, with(b, "medfee_sumamt", new BigDecimal("10.001"))).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("medfee_sumamt"));
        Fixtures.settle(code, with(b, "medfee_sumamt", new BigDecimal("-1"))).then().statusCode(400)
                .body("errors[0].field", equalTo("medfee_sumamt"));
        Fixtures.settle(code, with(b, "medfee_sumamt", "10.00")).then().statusCode(400)
                .body("errors[0].field", equalTo("medfee_sumamt"));
        Fixtures.settle(code, with(b, "fund_pay_sumamt", new BigDecimal("10.01"))).then().statusCode(400)
                .body("errors[0].field", equalTo("fund_pay_sumamt"));
        Fixtures.settle(code, with(b, "acct_used_flag", 1)).then().statusCode(400)
                .body("errors[0].field", equalTo("acct_used_flag"));
        Fixtures.settle(code, with(b, "mdtrt_cert_type", "04")).then().statusCode(400)
                .body("errors[0].field", equalTo("mdtrt_cert_type"));
        Fixtures.settle(code, with(b, "medins_setl_id", null)).then().statusCode(400)
                .body("errors[0].field", equalTo("medins_setl_id"));
        Fixtures.settle(code, with(b, "diagnosis", "J00")).then().statusCode(400).body("code", equalTo("VALIDATION"));
        Fixtures.settle(code, with(b, "insutype", "390")).then().statusCode(400)
                .body("errors[0].field", equalTo("insutype"));
        Fixtures.settle(code, with(b, "psn_no", "NOBODY")).then().statusCode(404);
        assertThat(settlementsOf(p.psnNo())).as("nothing half-written").isZero();
    }

    @Test
    void a_settlement_is_read_by_its_institution_and_its_patient_only() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        String setlId = Fixtures.settle(code, with(bill(code, p, NANJING, "10.00", "0", "0"), "medins_setl_id",
                Fixtures.id("M"))).then().statusCode(201).extract().path("setl_id");
        given().get("/api/v1/settlements/{s}", setlId).then().statusCode(401);
        given().auth().oauth2(Tokens.institution(code)).get("/api/v1/settlements/{s}", setlId).then().statusCode(200);
        given().auth().oauth2(Tokens.person(p.psnNo())).get("/api/v1/settlements/{s}", setlId).then().statusCode(200)
                .body("setl_id", equalTo(setlId));
        given().auth().oauth2(Tokens.person("SOMEONE")).get("/api/v1/settlements/{s}", setlId).then().statusCode(403);
        given().auth().oauth2(Tokens.institution(Fixtures.id("H"))).get("/api/v1/settlements/{s}", setlId)
                .then().statusCode(403);
        given().auth().oauth2(Tokens.agency(NANJING)).get("/api/v1/settlements/{s}", setlId).then().statusCode(403)
                .body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.institution(code)).get("/api/v1/settlements/{s}", "S-NONE").then().statusCode(404);
    }

    @Test
    void only_the_settling_institution_reverses_and_twice_reverses_once_R_SET_7() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        String setlId = Fixtures.settle(code, with(bill(code, p, NANJING, "10.00", "0", "0"), "medins_setl_id",
                Fixtures.id("M"))).then().statusCode(201).extract().path("setl_id");
        String other = Fixtures.institution("HOSPITAL", NANJING, false);
        Fixtures.reverse(other, setlId).then().statusCode(403).body("code", equalTo("R-SET-7"));
        Fixtures.reverse(code, setlId).then().statusCode(200).body("status", equalTo("REVERSED"));
        Fixtures.reverse(code, setlId).then().statusCode(200).body("status", equalTo("REVERSED"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count(
                "type = ?1 and payload like ?2", "settlement.reversed", "%" + setlId + "%"))).isEqualTo(1);
    }

    @Test
    void reconciliation_counts_the_day_for_the_institution_and_its_regions_agency_R_SET_8() {
        Person p = Fixtures.person("310", NANJING);
        String code = Fixtures.institution("PHARMACY", NANJING, false);
        for (String amt : List.of("10.00", "20.50", "30.25")) {
            Fixtures.settle(code, with(with(bill(code, p, NANJING, amt, "0", "0"), "med_type", "41"), "medins_setl_id",
                    Fixtures.id("M"))).then().statusCode(201);
        }
        String reversed = Fixtures.settle(code, with(with(bill(code, p, NANJING, "5.00", "0", "0"), "med_type", "41"),
                "medins_setl_id", Fixtures.id("M"))).then().statusCode(201).extract().path("setl_id");
        Fixtures.reverse(code, reversed).then().statusCode(200);
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        given().auth().oauth2(Tokens.institution(code)).queryParam("fixmedins_code", code).queryParam("date", today)
                .get("/api/v1/reconciliation").then().statusCode(200)
                .body("settled.count", equalTo(4))
                .body("settled.psn_cash_pay", equalTo(new BigDecimal("65.75")))
                .body("reversed.count", equalTo(1))
                .body("reversed.psn_cash_pay", equalTo(new BigDecimal("5.00")))
                .body("net.psn_cash_pay", equalTo(new BigDecimal("60.75")))
                .body("ledger_clearing.net_amt", equalTo(new BigDecimal("0.00")))
                .body("by_source.find { it.source == 'CASH' }.net_amt", equalTo(new BigDecimal("60.75")));
        given().auth().oauth2(Tokens.agency("320000")).queryParam("fixmedins_code", code).queryParam("date", today)
                .get("/api/v1/reconciliation").then().statusCode(200);
        given().auth().oauth2(Tokens.agency("440300")).queryParam("fixmedins_code", code).queryParam("date", today)
                .get("/api/v1/reconciliation").then().statusCode(403);
        given().auth().oauth2(Tokens.institution(Fixtures.id("H"))).queryParam("fixmedins_code", code)
                .queryParam("date", today).get("/api/v1/reconciliation").then().statusCode(403);
        given().auth().oauth2(Tokens.institution(code)).queryParam("fixmedins_code", code).queryParam("date", "22/11")
                .get("/api/v1/reconciliation").then().statusCode(400).body("errors[0].field", equalTo("date"));
    }

    private static long settlementsOf(String psnNo) {
        return QuarkusTransaction.requiringNew().call(() -> Settlement.count("psnNo", psnNo));
    }
}
