package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.DishonestyEntry;
import cn.familyaid.withdrawal.domain.Reason;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.messaging.Events;
import cn.familyaid.withdrawal.outbox.OutboxEvent;
import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.People;
import cn.familyaid.withdrawal.support.People.Person;
import cn.familyaid.withdrawal.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Filing applications: who may apply, for which case, to which account (R-WD-1..7, -9), idempotency, access. */
@QuarkusTest
class WithdrawalSubmissionTest {

    @Inject
    RegistryService registry;

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    static ValidatableResponse post(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/withdrawals").then();
    }

    static ValidatableResponse postAs(Person p, Map<String, Object> body) {
        return post(Tokens.person(p.psnNo()), body);
    }

    // ---- R-WD-1 death: an heir with a recorded kinship applies, for a deceased person only

    @Test
    void an_heir_with_recorded_kinship_applies_for_the_deceased_R_WD_1() {
        Person father = People.employee(registry, "320102");
        Person son = People.employee(registry, "320105");
        People.kin(registry, father, son, "CHILD", "PARENT");
        People.die(registry, father);
        postAs(son, Bodies.withdrawal(father.psnNo(), "DEATH", son, "CHILD", Bodies.fullEvidence("DEATH"),
                son.name(), null))
                .statusCode(201).body("status", equalTo("SUBMITTED"))
                .body("withdrawal_id", notNullValue())
                .body("applicant.psn_no", equalTo(son.psnNo()))
                .body("applicant.relation", equalTo("CHILD"))
                .body("full_withdrawal", equalTo(true));
    }

    @Test
    void a_death_application_by_someone_without_recorded_kinship_is_refused_R_WD_1() {
        Person father = People.employee(registry, "320102");
        Person stranger = People.employee(registry, "320102");
        People.die(registry, father);
        postAs(stranger, Bodies.withdrawal(father.psnNo(), "DEATH", stranger, "CHILD",
                Bodies.fullEvidence("DEATH"), stranger.name(), null))
                .statusCode(403).body("code", equalTo("R-WD-1"));
    }

    @Test
    void an_ended_kinship_does_not_make_an_heir_R_WD_1() {
        Person father = People.employee(registry, "320102");
        Person exWife = People.employee(registry, "320102");
        People.kin(registry, father, exWife, "SPOUSE", "SPOUSE");
        QuarkusTransaction.requiringNew().run(() -> registry.onKinshipChanged(UUID.randomUUID(),
                new Events.KinshipChanged(father.psnNo(), exWife.psnNo(),
                        "SPOUSE", false)));
        People.die(registry, father);
        postAs(exWife, Bodies.withdrawal(father.psnNo(), "DEATH", exWife, "SPOUSE",
                Bodies.fullEvidence("DEATH"), exWife.name(), null))
                .statusCode(403).body("code", equalTo("R-WD-1"));
    }

    @Test
    void a_death_application_for_a_living_person_is_refused_R_WD_1() {
        Person father = People.employee(registry, "320102");
        Person son = People.employee(registry, "320102");
        People.kin(registry, father, son, "CHILD", "PARENT");
        postAs(son, Bodies.withdrawal(father.psnNo(), "DEATH", son, "CHILD", Bodies.fullEvidence("DEATH"),
                son.name(), null))
                .statusCode(409).body("code", equalTo("R-WD-1"));
    }

    @Test
    void a_deceased_persons_account_takes_only_an_heirs_death_withdrawal_R_WD_1() {
        Person p = People.employee(registry, "320102");
        People.die(registry, p);
        // the agency files a long-term-residence withdrawal for them at the counter: frozen by death
        post(Tokens.agency("320102"), Bodies.own(p, "LONG_TERM_ELSEWHERE"))
                .statusCode(409).body("code", equalTo("R-WD-1"));
    }

    @Test
    void the_relation_must_be_the_recorded_one_R_WD_1() {
        Person father = People.employee(registry, "320102");
        Person son = People.employee(registry, "320102");
        People.kin(registry, father, son, "CHILD", "PARENT");
        People.die(registry, father);
        postAs(son, Bodies.withdrawal(father.psnNo(), "DEATH", son, "SPOUSE", Bodies.fullEvidence("DEATH"),
                son.name(), null))
                .statusCode(400).body("code", equalTo("R-WD-1"))
                .body("errors[0].field", equalTo("applicant.relation"));
    }

    // ---- R-WD-2..6: the person applies, in the state the case needs

    @Test
    void emigration_needs_the_insurance_stopped_R_WD_2() {
        Person active = People.employee(registry, "320102");
        postAs(active, Bodies.own(active, "EMIGRATION")).statusCode(409).body("code", equalTo("R-WD-2"));
        Person stopped = People.person(registry, "320102", "310", "4", null);
        postAs(stopped, Bodies.own(stopped, "EMIGRATION")).statusCode(201);
    }

    @Test
    void voluntary_exit_only_where_the_region_policy_allows_it_R_WD_3() {
        Person inNanjing = People.employee(registry, "320106");
        postAs(inNanjing, Bodies.own(inNanjing, "VOLUNTARY_EXIT")).statusCode(409).body("code", equalTo("R-WD-3"));
        People.policy(registry, "320106", List.of("CHECKUP"), 1);
        postAs(inNanjing, Bodies.own(inNanjing, "VOLUNTARY_EXIT")).statusCode(409).body("code", equalTo("R-WD-3"));
        People.policy(registry, "320106", List.of("CHECKUP", "VOLUNTARY_EXIT"), 2);
        postAs(inNanjing, Bodies.own(inNanjing, "VOLUNTARY_EXIT")).statusCode(201);
        // an older policy arriving late does not take the permission back
        People.policy(registry, "320106", List.of(), 1);
        Person neighbour = People.employee(registry, "320106");
        postAs(neighbour, Bodies.own(neighbour, "VOLUNTARY_EXIT")).statusCode(201);
    }

    @Test
    void serious_illness_names_an_amount_up_to_the_bill_R_WD_4() {
        Person p = People.employee(registry, "320102");
        Map<String, Object> noAmount = Bodies.own(p, "SERIOUS_ILLNESS");
        noAmount.remove("amount");
        postAs(p, noAmount).statusCode(400).body("code", equalTo("R-WD-4")).body("errors[0].field", equalTo("amount"));

        List<Map<String, Object>> twoBills = List.of(Bodies.evidence("DIAGNOSIS_PROOF"), Bodies.bill("600.00"),
                Bodies.bill("400.50"));
        postAs(p, Bodies.withdrawal(p.psnNo(), "SERIOUS_ILLNESS", p, "SELF", twoBills, p.name(), "1000.51"))
                .statusCode(400).body("code", equalTo("R-WD-4")).body("errors[0].field", equalTo("amount"));
        postAs(p, Bodies.withdrawal(p.psnNo(), "SERIOUS_ILLNESS", p, "SELF", twoBills, p.name(), "1000.50"))
                .statusCode(201).body("amount", equalTo(new BigDecimal("1000.50")))
                .body("bill_amt", equalTo(new BigDecimal("1000.50")))
                .body("full_withdrawal", equalTo(false));
    }

    @Test
    void an_itemised_bill_states_its_amount_R_WD_4() {
        Person p = People.employee(registry, "320102");
        postAs(p, Bodies.withdrawal(p.psnNo(), "SERIOUS_ILLNESS", p, "SELF",
                List.of(Bodies.evidence("DIAGNOSIS_PROOF"), Bodies.evidence("ITEMISED_BILL")), p.name(), "10.00"))
                .statusCode(400).body("errors[0].field", equalTo("evidence[1].amount"));
        postAs(p, Bodies.withdrawal(p.psnNo(), "SERIOUS_ILLNESS", p, "SELF",
                List.of(Bodies.evidence("DIAGNOSIS_PROOF"), Bodies.bill("10.001")), p.name(), "10.00"))
                .statusCode(400).body("errors[0].field", equalTo("evidence[1].amount"));
    }

    @Test
    void a_guardian_may_apply_for_serious_illness_and_the_money_goes_to_the_person_R_WD_4() {
        Person child = People.employee(registry, "320102");
        Person mother = People.employee(registry, "320102");
        People.kin(registry, child, mother, "PARENT", "CHILD");
        // paid to the patient's own account, not the guardian's
        postAs(mother, Bodies.withdrawal(child.psnNo(), "SERIOUS_ILLNESS", mother, "PARENT",
                Bodies.fullEvidence("SERIOUS_ILLNESS"), mother.name(), "100.00"))
                .statusCode(400).body("code", equalTo("R-WD-7"));
        postAs(mother, Bodies.withdrawal(child.psnNo(), "SERIOUS_ILLNESS", mother, "PARENT",
                Bodies.fullEvidence("SERIOUS_ILLNESS"), child.name(), "100.00"))
                .statusCode(201).body("applicant.relation", equalTo("PARENT"));
    }

    @Test
    void only_the_person_applies_for_long_term_residence_elsewhere_R_WD_5() {
        Person p = People.employee(registry, "320102");
        Person sister = People.employee(registry, "320102");
        People.kin(registry, p, sister, "SIBLING", "SIBLING");
        postAs(sister, Bodies.withdrawal(p.psnNo(), "LONG_TERM_ELSEWHERE", sister, "SIBLING",
                Bodies.fullEvidence("LONG_TERM_ELSEWHERE"), p.name(), null))
                .statusCode(403).body("code", equalTo("R-WD-5"));
        postAs(p, Bodies.own(p, "LONG_TERM_ELSEWHERE")).statusCode(201);
    }

    @Test
    void moving_abroad_to_a_region_not_accepting_needs_the_visa_page_R_WD_6() {
        Person p = People.employee(registry, "320102");
        Map<String, Object> abroad = Bodies.own(p, "REGION_NOT_ACCEPTING");
        abroad.put("moving_abroad", true);
        postAs(p, abroad).statusCode(400).body("code", equalTo("R-WD-6"))
                .body("errors[0].message", equalTo("missing VISA_PAGE"));
        List<Map<String, Object>> withVisa = new ArrayList<>(Bodies.fullEvidence("REGION_NOT_ACCEPTING"));
        withVisa.add(Bodies.evidence("VISA_PAGE"));
        abroad.put("evidence", withVisa);
        abroad.put("request_id", "req-" + UUID.randomUUID());
        postAs(p, abroad).statusCode(201).body("moving_abroad", equalTo(true));
    }

    // ---- R-WD-7: paid to an account in the recipient's own name

    @Test
    void the_bank_account_must_be_in_the_persons_own_name_R_WD_7() {
        Person p = People.employee(registry, "320102");
        postAs(p, Bodies.withdrawal(p.psnNo(), "LONG_TERM_ELSEWHERE", p, "SELF",
                Bodies.fullEvidence("LONG_TERM_ELSEWHERE"), "别人", null))
                .statusCode(400).body("code", equalTo("R-WD-7"))
                .body("errors[0].field", equalTo("bank_account.holder_name"));
    }

    @Test
    void a_death_withdrawal_is_paid_to_the_heirs_own_account_R_WD_7() {
        Person father = People.employee(registry, "320102");
        Person son = People.employee(registry, "320102");
        People.kin(registry, father, son, "CHILD", "PARENT");
        People.die(registry, father);
        postAs(son, Bodies.withdrawal(father.psnNo(), "DEATH", son, "CHILD", Bodies.fullEvidence("DEATH"),
                father.name(), null))
                .statusCode(400).body("code", equalTo("R-WD-7"))
                .body("errors[0].field", equalTo("bank_account.holder_name"));
    }

    @Test
    void an_agency_files_at_the_counter_of_the_persons_region_for_the_applicant_present_R_WD_7() {
        Person father = People.employee(registry, "320102");
        Person daughter = People.employee(registry, "320102");
        People.kin(registry, father, daughter, "CHILD", "PARENT");
        People.die(registry, father);
        Map<String, Object> body = Bodies.withdrawal(father.psnNo(), "DEATH", daughter, "CHILD",
                Bodies.fullEvidence("DEATH"), daughter.name(), null);
        post(Tokens.agency("440300"), body).statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        String id = post(Tokens.agency("320000"), body).statusCode(201)
                .body("applicant.psn_no", equalTo(daughter.psnNo()))
                .body("filed_by", equalTo("agency-320000"))
                .extract().path("withdrawal_id");
        // the applicant (the heir) reads it unmasked; the agency reads the certificate masked
        given().auth().oauth2(Tokens.person(daughter.psnNo())).get("/api/v1/withdrawals/{id}", id)
                .then().statusCode(200).body("applicant.certno", equalTo(daughter.certno()));
        given().auth().oauth2(Tokens.agency("320102")).get("/api/v1/withdrawals/{id}", id)
                .then().statusCode(200)
                .body("applicant.certno", equalTo(daughter.certno().substring(0, 3) + "*".repeat(11)
                        + daughter.certno().substring(14)))
                .body("bank_account.account_no", equalTo("***************4567"));
    }

    @Test
    void a_counter_applicant_must_be_a_recorded_person_with_that_name() {
        Person p = People.employee(registry, "320102");
        Map<String, Object> body = Bodies.own(p, "LONG_TERM_ELSEWHERE");
        body.put("applicant", Map.of("psn_name", "冒名", "certno", p.certno(), "relation", "SELF"));
        post(Tokens.agency("320102"), body).statusCode(400).body("errors[0].field", equalTo("applicant.psn_name"));
        body.put("applicant", Map.of("psn_name", p.name(), "certno", "999999199001010000", "relation", "SELF"));
        post(Tokens.agency("320102"), body).statusCode(400).body("errors[0].field", equalTo("applicant.certno"));
    }

    // ---- R-WD-9: the dishonesty list

    @Test
    void a_person_on_the_dishonesty_list_is_refused_R_WD_9() {
        Person p = People.employee(registry, "320102");
        QuarkusTransaction.requiringNew().run(() -> {
            Withdrawal earlier = new Withdrawal();
            earlier.id = UUID.randomUUID();
            earlier.requestId = "old-" + earlier.id;
            earlier.requestHash = "0".repeat(64);
            earlier.psnNo = p.psnNo();
            earlier.admdvs = "320102";
            earlier.reason = Reason.LONG_TERM_ELSEWHERE;
            earlier.fullWithdrawal = true;
            earlier.status = Withdrawal.Status.REJECTED;
            earlier.forged = true;
            earlier.applicantPsnNo = p.psnNo();
            earlier.applicantName = p.name();
            earlier.applicantCertno = p.certno();
            earlier.applicantRelation = "SELF";
            earlier.filedByRole = "person";
            earlier.filedBy = p.psnNo();
            earlier.bank = "b";
            earlier.bankAccountNo = "62170000";
            earlier.holderName = p.name();
            earlier.submittedAt = OffsetDateTime.now();
            earlier.holdReleased = true;
            earlier.version = 2;
            earlier.persist();
            DishonestyEntry e = new DishonestyEntry();
            e.psnNo = p.psnNo();
            e.certno = p.certno();
            e.admdvs = "320102";
            e.withdrawalId = earlier.id;
            e.basisFen = 100_00;
            e.fineFen = 500_00;
            e.listedAt = OffsetDateTime.now();
            e.listedBy = "agency-320102";
            e.persist();
        });
        postAs(p, Bodies.own(p, "LONG_TERM_ELSEWHERE")).statusCode(403).body("code", equalTo("R-WD-9"));
        post(Tokens.agency("320102"), Bodies.own(p, "SERIOUS_ILLNESS")).statusCode(403).body("code", equalTo("R-WD-9"));
    }

    // ---- idempotency, one open application, bad input, access

    @Test
    void the_same_request_id_and_content_gives_the_original_answer_other_content_409() {
        Person p = People.employee(registry, "320102");
        Map<String, Object> body = Bodies.own(p, "LONG_TERM_ELSEWHERE");
        String id = postAs(p, body).statusCode(201).extract().path("withdrawal_id");
        postAs(p, body).statusCode(200).body("withdrawal_id", equalTo(id)).body("status", equalTo("SUBMITTED"));
        body.put("bank_account", Map.of("bank", "工商银行", "account_no", "6222000011112222", "holder_name", p.name()));
        postAs(p, body).statusCode(409).body("code", equalTo("IDEMPOTENCY_CONFLICT"));
        long rows = QuarkusTransaction.requiringNew().call(() -> Withdrawal.count("psnNo", p.psnNo()));
        assertThat(rows).isEqualTo(1);
        long events = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count("key = ?1 and type = ?2",
                p.psnNo(), "withdrawal.changed"));
        assertThat(events).as("one withdrawal.changed for one application").isEqualTo(1);
    }

    @Test
    void the_same_amount_written_with_another_scale_is_the_same_content() {
        Person p = People.employee(registry, "320102");
        Map<String, Object> body = Bodies.own(p, "SERIOUS_ILLNESS");
        body.put("amount", new BigDecimal("800.00"));
        String id = postAs(p, body).statusCode(201).extract().path("withdrawal_id");
        body.put("amount", new BigDecimal("800.0"));
        postAs(p, body).statusCode(200).body("withdrawal_id", equalTo(id));
        body.put("amount", new BigDecimal("800.01"));
        postAs(p, body).statusCode(409).body("code", equalTo("IDEMPOTENCY_CONFLICT"));
    }

    @Test
    void parallel_submissions_with_one_request_id_create_one_application() throws Exception {
        Person p = People.employee(registry, "320102");
        Map<String, Object> body = Bodies.own(p, "LONG_TERM_ELSEWHERE");
        var pool = Executors.newFixedThreadPool(8);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit(() -> postAs(p, body).extract().path("withdrawal_id")));
        }
        Set<String> ids = new HashSet<>();
        for (var a : answers) {
            ids.add(a.get());
        }
        pool.shutdown();
        assertThat(ids).hasSize(1).doesNotContainNull();
    }

    @Test
    void one_open_application_per_person() {
        Person p = People.employee(registry, "320102");
        postAs(p, Bodies.own(p, "LONG_TERM_ELSEWHERE")).statusCode(201);
        postAs(p, Bodies.own(p, "SERIOUS_ILLNESS")).statusCode(409).body("code", equalTo("WITHDRAWAL_OPEN"));
    }

    @Test
    void a_resident_insured_person_has_no_personal_account_to_withdraw() {
        Person p = People.person(registry, "320102", "390", "1", null);
        postAs(p, Bodies.own(p, "LONG_TERM_ELSEWHERE")).statusCode(409).body("code", equalTo("NO_PERSONAL_ACCOUNT"));
    }

    @Test
    void a_closed_account_has_nothing_to_withdraw() {
        Person p = People.employee(registry, "320102");
        QuarkusTransaction.requiringNew().run(() -> registry.onAccountClosed(UUID.randomUUID(),
                new Events.AccountClosed(p.psnNo(), "PERSONAL", "WITHDRAWAL", null)));
        postAs(p, Bodies.own(p, "LONG_TERM_ELSEWHERE")).statusCode(409).body("code", equalTo("ACCOUNT_CLOSED"));
    }

    @Test
    void bad_input_is_a_400_naming_the_field() {
        Person p = People.employee(registry, "320102");
        Map<String, Object> b = Bodies.own(p, "SERIOUS_ILLNESS");
        b.put("reason", "BORED");
        postAs(p, b).statusCode(400).body("errors[0].field", equalTo("reason"));
        b = Bodies.own(p, "SERIOUS_ILLNESS");
        b.put("amount", "800.00");
        postAs(p, b).statusCode(400).body("errors[0].field", equalTo("amount"));
        b = Bodies.own(p, "SERIOUS_ILLNESS");
        b.put("amount", new BigDecimal("800.001"));
        postAs(p, b).statusCode(400).body("errors[0].field", equalTo("amount"));
        b = Bodies.own(p, "SERIOUS_ILLNESS");
        b.put("amount", new BigDecimal("-1"));
        postAs(p, b).statusCode(400).body("errors[0].field", equalTo("amount"));
        b = Bodies.own(p, "LONG_TERM_ELSEWHERE");
        b.put("amount", new BigDecimal("1.00"));
        postAs(p, b).statusCode(400).body("errors[0].field", equalTo("amount"));
        b = Bodies.own(p, "LONG_TERM_ELSEWHERE");
        b.put("evidence", List.of(Map.of("type", "SELFIE", "ref", "x")));
        postAs(p, b).statusCode(400).body("errors[0].field", equalTo("evidence[0].type"));
        b = Bodies.own(p, "LONG_TERM_ELSEWHERE");
        b.remove("bank_account");
        postAs(p, b).statusCode(400).body("errors[0].field", equalTo("bank_account"));
        b = Bodies.own(p, "LONG_TERM_ELSEWHERE");
        b.put("unexpected", 1);
        postAs(p, b).statusCode(400);
        long rows = QuarkusTransaction.requiringNew().call(() -> Withdrawal.count("psnNo", p.psnNo()));
        assertThat(rows).as("nothing half-written").isZero();
    }

    @Test
    void a_person_token_without_psn_no_is_403_not_500() {
        Person p = People.employee(registry, "320102");
        post(Tokens.personWithoutPsnNo(), Bodies.own(p, "LONG_TERM_ELSEWHERE"))
                .statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("FORBIDDEN_PERSON"));
        String id = postAs(p, Bodies.own(p, "LONG_TERM_ELSEWHERE")).statusCode(201).extract().path("withdrawal_id");
        given().auth().oauth2(Tokens.personWithoutPsnNo()).get("/api/v1/withdrawals/{id}", id)
                .then().statusCode(403).contentType("application/problem+json");
        long rows = QuarkusTransaction.requiringNew().call(() -> Withdrawal.count("psnNo", p.psnNo()));
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void access_401_without_token_403_for_others() {
        Person p = People.employee(registry, "320102");
        Person other = People.employee(registry, "320102");
        given().contentType("application/json").body(Bodies.own(p, "LONG_TERM_ELSEWHERE"))
                .post("/api/v1/withdrawals").then().statusCode(401);
        post(Tokens.institution("H32010200001"), Bodies.own(p, "LONG_TERM_ELSEWHERE"))
                .statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        // another person cannot apply in p's name (their own certificate is not p's)
        postAs(other, Bodies.own(p, "LONG_TERM_ELSEWHERE")).statusCode(400)
                .body("errors[0].field", equalTo("applicant.certno"));
        String id = postAs(p, Bodies.own(p, "LONG_TERM_ELSEWHERE")).statusCode(201).extract().path("withdrawal_id");
        given().get("/api/v1/withdrawals/{id}", id).then().statusCode(401);
        given().auth().oauth2(Tokens.person(other.psnNo())).get("/api/v1/withdrawals/{id}", id)
                .then().statusCode(403);
        given().auth().oauth2(Tokens.agency("440300")).get("/api/v1/withdrawals/{id}", id)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.person(p.psnNo())).get("/api/v1/withdrawals/{id}", id)
                .then().statusCode(200).body("applicant.certno", equalTo(p.certno()))
                .body("bank_account.account_no", equalTo("6217000010001234567"));
        given().auth().oauth2(Tokens.person(p.psnNo())).get("/api/v1/withdrawals/{id}", UUID.randomUUID())
                .then().statusCode(404);
    }
}
