package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.DishonestyEntry;
import cn.familyaid.withdrawal.domain.LedgerCommand;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.outbox.OutboxEvent;
import cn.familyaid.withdrawal.rest.DecisionRequest;
import cn.familyaid.withdrawal.security.Requester;
import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.service.ReviewService;
import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.Events;
import cn.familyaid.withdrawal.support.LedgerDouble;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Review and payout against a ledger double that keeps the contract (idempotent by command_id) and can lose
 * replies: R-WD-7, -8, -9, -10, parallel approvals, crash and timeout recovery. The same flows against the
 * real wallet-service are in WalletEndToEndTest.
 */
@QuarkusTest
class WithdrawalReviewTest {

    @Inject
    RegistryService registry;

    @Inject
    ReviewService reviews;

    static final LedgerDouble LEDGER = LedgerDouble.get();

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    static ValidatableResponse decide(String agency, String id, Map<String, Object> decision) {
        return given().auth().oauth2(Tokens.agency(agency)).contentType("application/json").body(decision)
                .post("/api/v1/withdrawals/{id}/decision", id).then();
    }

    static ValidatableResponse get(String id) {
        return given().auth().oauth2(Tokens.agency("320102")).get("/api/v1/withdrawals/{id}", id).then();
    }

    /** A person with a personal account of {@code balanceFen} at the ledger, who files for this reason. */
    String filed(Person p, String reason, long balanceFen) {
        LEDGER.open(p.psnNo(), balanceFen);
        return given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.own(p, reason)).post("/api/v1/withdrawals")
                .then().statusCode(201).extract().path("withdrawal_id");
    }

    /** The agency approves again while the ledger answered too late (503); an approved one answers 200 at once. */
    static void approveUntilAnswered(String id) {
        for (int attempt = 0; attempt < 10; attempt++) {
            if (decide("320102", id, Bodies.decision("APPROVE", null)).extract().statusCode() == 200) {
                return;
            }
        }
        throw new AssertionError("the ledger never answered the approval of " + id);
    }

    static Withdrawal row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Withdrawal.findById(UUID.fromString(id)));
    }

    @Test
    void only_an_agency_of_the_persons_region_decides_R_WD_7() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 500_00);
        decide("440300", id, Bodies.decision("APPROVE", null)).statusCode(403).body("code", equalTo("R-WD-7"));
        decide("330000", id, Bodies.decision("APPROVE", null)).statusCode(403).body("code", equalTo("R-WD-7"));
        given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.decision("APPROVE", null)).post("/api/v1/withdrawals/{id}/decision", id)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        assertThat(row(id).status).isEqualTo(Withdrawal.Status.SUBMITTED);
        assertThat(LEDGER.received("HOLD_WITHDRAWAL", id)).isZero();
        // the provincial agency covers the region
        decide("320000", id, Bodies.decision("APPROVE", "ok")).statusCode(200).body("status", equalTo("PAID"))
                .body("reviewer", equalTo("agency-320000"));
    }

    @Test
    void a_full_withdrawal_pays_the_whole_balance_and_closes_the_account_R_WD_8() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 1234_56);
        decide("320102", id, Bodies.decision("APPROVE", "documents verified")).statusCode(200)
                .body("status", equalTo("PAID"))
                .body("held_amt", equalTo(new BigDecimal("1234.56")))
                .body("paid_amt", equalTo(new BigDecimal("1234.56")))
                .body("account_closed", equalTo(true))
                .body("approved_at", notNullValue()).body("paid_at", notNullValue())
                .body("note", equalTo("documents verified"));
        assertThat(LEDGER.balance(p.psnNo())).isZero();
        assertThat(LEDGER.closed(p.psnNo())).isTrue();
        assertThat(LEDGER.executed("PAYOUT", id)).isEqualTo(1);
        List<String> statuses = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>list(
                "key = ?1 and type = ?2 order by seq", p.psnNo(), "withdrawal.changed")).stream()
                .map(e -> e.payload.replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1")).toList();
        assertThat(statuses).containsExactly("SUBMITTED", "APPROVED", "PAID");
    }

    @Test
    void serious_illness_pays_the_amount_and_keeps_the_account_R_WD_8() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "SERIOUS_ILLNESS", 2000_00);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200)
                .body("status", equalTo("PAID"))
                .body("paid_amt", equalTo(new BigDecimal("800.00")))
                .body("account_closed", equalTo(false));
        assertThat(LEDGER.balance(p.psnNo())).isEqualTo(1200_00);
        assertThat(LEDGER.closed(p.psnNo())).isFalse();
    }

    @Test
    void serious_illness_above_the_balance_is_refused_at_approval_R_WD_4() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "SERIOUS_ILLNESS", 500_00); // asks 800.00
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(409).body("code", equalTo("R-WD-4"));
        assertThat(row(id).status).isEqualTo(Withdrawal.Status.SUBMITTED);
        assertThat(LEDGER.balance(p.psnNo())).isEqualTo(500_00);
        decide("320102", id, Bodies.decision("REJECT", "balance too low")).statusCode(200)
                .body("status", equalTo("REJECTED"));
    }

    @Test
    void from_approval_the_amount_is_held_until_paid_R_WD_10() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 300_00);
        LEDGER.silence("PAYOUT", true); // the payout cannot get through for now
        try {
            decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200)
                    .body("status", equalTo("APPROVED"))
                    .body("held_amt", equalTo(new BigDecimal("300.00")))
                    .body("paid_amt", equalTo(null));
            assertThat(row(id).holdId).isNotNull();
            assertThat(LEDGER.held(p.psnNo())).as("held at the ledger: not spendable, transferable, shareable")
                    .isEqualTo(300_00);
            assertThat(LEDGER.balance(p.psnNo())).as("still in the account, but held").isEqualTo(300_00);
            assertThat(LEDGER.executed("PAYOUT", id)).isZero();
        } finally {
            LEDGER.silence("PAYOUT", false);
        }
        Events.await("the payout", () -> row(id).status == Withdrawal.Status.PAID);
        assertThat(LEDGER.held(p.psnNo())).isZero();
        assertThat(LEDGER.balance(p.psnNo())).isZero();
        assertThat(LEDGER.executed("PAYOUT", id)).isEqualTo(1);
    }

    @Test
    void money_credited_after_the_hold_leaves_with_a_full_withdrawal_R_WD_8() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 300_00);
        reviews.decide(UUID.fromString(id), new DecisionRequest(DecisionRequest.Decision.APPROVE, null, null, null),
                new Requester("agency", null, "320102", "agency-320102"));
        LEDGER.credit(p.psnNo(), 50_00); // the month's credit lands between approval and payout
        Events.await("the payout", () -> row(id).status == Withdrawal.Status.PAID);
        Withdrawal paid = row(id);
        assertThat(paid.heldFen).isEqualTo(300_00);
        assertThat(paid.paidFen).isEqualTo(350_00);
        assertThat(paid.accountClosed).isTrue();
        assertThat(LEDGER.balance(p.psnNo())).isZero();
    }

    @Test
    void parallel_approvals_of_one_application_pay_once() throws Exception {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 999_99);
        int n = 10;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return decide("320102", id, Bodies.decision("APPROVE", null)).extract().statusCode();
            }));
        }
        start.countDown();
        for (Future<Integer> a : answers) {
            // 503: the ledger's deadline passed on a loaded machine; the application stays SUBMITTED
            assertThat(a.get()).isIn(200, 503);
        }
        pool.shutdown();
        approveUntilAnswered(id);
        Events.await("the payout", () -> row(id).status == Withdrawal.Status.PAID);
        assertThat(LEDGER.executed("HOLD_WITHDRAWAL", id)).isEqualTo(1);
        assertThat(LEDGER.executed("PAYOUT", id)).isEqualTo(1);
        assertThat(LEDGER.received("PAYOUT", id)).as("the row lock lets one payout through").isEqualTo(1);
        assertThat(LEDGER.balance(p.psnNo())).isZero();
        get(id).body("paid_amt", equalTo(new BigDecimal("999.99")));
    }

    @Test
    void parallel_approvals_and_payouts_of_many_applications_pay_each_once() throws Exception {
        int apps = 6;
        List<Person> people = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            Person p = People.employee(registry, "320102");
            people.add(p);
            ids.add(filed(p, "LONG_TERM_ELSEWHERE", 100_00 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (String id : ids) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return decide("320102", id, Bodies.decision("APPROVE", null)).extract().statusCode();
                }));
            }
        }
        start.countDown();
        for (Future<Integer> a : answers) {
            assertThat(a.get()).isIn(200, 503);
        }
        pool.shutdown();
        for (int i = 0; i < apps; i++) {
            String id = ids.get(i);
            approveUntilAnswered(id);
            Events.await("the payout of " + id, () -> row(id).status == Withdrawal.Status.PAID);
            assertThat(LEDGER.executed("PAYOUT", id)).isEqualTo(1);
            assertThat(LEDGER.balance(people.get(i).psnNo())).isZero();
            assertThat(row(id).paidFen).isEqualTo(100_00 + i);
        }
    }

    @Test
    void a_crash_between_approval_and_payout_resumes_and_pays_once() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "REGION_NOT_ACCEPTING", 700_00);
        // the payout's reply is lost: the decision answers APPROVED, the resumer re-sends the same PAYOUT
        LEDGER.loseReplies("PAYOUT", 1);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200)
                .body("status", equalTo("APPROVED"))
                .body("held_amt", equalTo(new BigDecimal("700.00")));
        Events.await("the resumed payout", () -> row(id).status == Withdrawal.Status.PAID);
        assertThat(LEDGER.received("PAYOUT", id)).as("sent again after the lost reply").isGreaterThanOrEqualTo(2);
        assertThat(LEDGER.executed("PAYOUT", id)).as("but executed once").isEqualTo(1);
        assertThat(LEDGER.balance(p.psnNo())).isZero();
        LedgerCommand payout = QuarkusTransaction.requiringNew()
                .call(() -> LedgerCommand.findById("wd-" + id + "-payout"));
        assertThat(payout.reply).contains("\"ok\":true");
        get(id).body("status", equalTo("PAID")).body("paid_amt", equalTo(new BigDecimal("700.00")));
    }

    @Test
    void a_hold_whose_reply_was_lost_is_voided_when_the_application_is_rejected() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 400_00);
        LEDGER.loseReplies("HOLD_WITHDRAWAL", 1);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(503)
                .body("code", equalTo("LEDGER_UNAVAILABLE"));
        assertThat(row(id).status).isEqualTo(Withdrawal.Status.SUBMITTED);
        assertThat(LEDGER.held(p.psnNo())).as("the ledger did hold it").isEqualTo(400_00);
        decide("320102", id, Bodies.decision("REJECT", "residence proof expired")).statusCode(200)
                .body("status", equalTo("REJECTED"));
        Events.await("the hold released", () -> row(id).holdReleased);
        assertThat(LEDGER.held(p.psnNo())).isZero();
        assertThat(LEDGER.balance(p.psnNo())).isEqualTo(400_00);
        assertThat(LEDGER.executed("HOLD_WITHDRAWAL", id)).isEqualTo(1);
        // asked again with the stored command, byte for byte; the whole balance is asked with amount_fen null
        LostReplyTest.sentAsStored("wd-" + id + "-hold", 2, "HOLD_WITHDRAWAL");
        assertThat(LostReplyTest.stored("wd-" + id + "-hold").body).contains("\"amount_fen\":null");
        assertThat(LEDGER.executed("VOID_HOLD", id)).isEqualTo(1);
    }

    @Test
    void approving_again_after_a_lost_hold_reply_uses_the_same_hold() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 250_00);
        LEDGER.loseReplies("HOLD_WITHDRAWAL", 1);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(503);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200).body("status", equalTo("PAID"));
        assertThat(LEDGER.executed("HOLD_WITHDRAWAL", id)).isEqualTo(1);
        assertThat(LEDGER.executed("PAYOUT", id)).isEqualTo(1);
        assertThat(LEDGER.balance(p.psnNo())).isZero();
    }

    @Test
    void a_rejection_states_its_reason_and_moves_no_money() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 100_00);
        decide("320102", id, Bodies.decision("REJECT", null)).statusCode(400).body("errors[0].field", equalTo("note"));
        decide("320102", id, Bodies.decision("REJECT", "filing not long-term")).statusCode(200)
                .body("status", equalTo("REJECTED")).body("note", equalTo("filing not long-term"))
                .body("decided_at", notNullValue());
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(409).body("code", equalTo("WITHDRAWAL_DECIDED"));
        assertThat(LEDGER.received("HOLD_WITHDRAWAL", id)).isZero();
        assertThat(LEDGER.balance(p.psnNo())).isEqualTo(100_00);
        // a new application may follow a rejected one
        given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.own(p, "LONG_TERM_ELSEWHERE")).post("/api/v1/withdrawals").then().statusCode(201);
    }

    @Test
    void forged_evidence_lists_the_applicant_with_the_fine_basis_R_WD_9() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "SERIOUS_ILLNESS", 5000_00); // asks 800.00
        Map<String, Object> tooHigh = Bodies.decision("FORGED", "bill forged");
        tooHigh.put("fine_amt", new BigDecimal("4000.01"));
        decide("320102", id, tooHigh).statusCode(400).body("code", equalTo("R-WD-9"))
                .body("errors[0].field", equalTo("fine_amt"));
        Map<String, Object> forged = Bodies.decision("FORGED", "bill forged");
        forged.put("fine_amt", new BigDecimal("4000.00"));
        decide("320102", id, forged).statusCode(200).body("status", equalTo("REJECTED")).body("forged", equalTo(true));
        DishonestyEntry entry = QuarkusTransaction.requiringNew()
                .call(() -> DishonestyEntry.<DishonestyEntry>find("withdrawalId", UUID.fromString(id)).firstResult());
        assertThat(entry.psnNo).isEqualTo(p.psnNo());
        assertThat(entry.basisFen).isEqualTo(800_00);
        assertThat(entry.fineFen).isEqualTo(4000_00);
        assertThat(LEDGER.balance(p.psnNo())).isEqualTo(5000_00);
        // listed: the next application is refused
        given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.own(p, "LONG_TERM_ELSEWHERE")).post("/api/v1/withdrawals")
                .then().statusCode(403).body("code", equalTo("R-WD-9"));
    }

    @Test
    void a_forged_full_withdrawal_records_the_balance_sought_as_basis_R_WD_9() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 300_00);
        decide("320102", id, Bodies.decision("FORGED", "filing forged")).statusCode(400)
                .body("errors[0].field", equalTo("amount"));
        Map<String, Object> forged = Bodies.decision("FORGED", "filing forged");
        forged.put("amount", new BigDecimal("300.00"));
        decide("320102", id, forged).statusCode(200).body("forged", equalTo(true));
        DishonestyEntry entry = QuarkusTransaction.requiringNew()
                .call(() -> DishonestyEntry.<DishonestyEntry>find("withdrawalId", UUID.fromString(id)).firstResult());
        assertThat(entry.basisFen).isEqualTo(300_00);
        assertThat(entry.fineFen).as("default: five times the basis").isEqualTo(1500_00);
    }

    @Test
    void a_person_who_died_after_filing_is_not_paid_on_their_own_application_R_WD_1() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 100_00);
        People.die(registry, p);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(409).body("code", equalTo("R-WD-1"));
        assertThat(LEDGER.received("HOLD_WITHDRAWAL", id)).isZero();
    }

    @Test
    void an_heirs_death_withdrawal_pays_the_heir_and_closes_the_account_R_WD_1() {
        Person father = People.employee(registry, "320102");
        Person son = People.employee(registry, "320102");
        People.kin(registry, father, son, "CHILD", "PARENT");
        People.die(registry, father);
        LEDGER.open(father.psnNo(), 8888_88);
        String id = given().auth().oauth2(Tokens.person(son.psnNo())).contentType("application/json")
                .body(Bodies.withdrawal(father.psnNo(), "DEATH", son, "CHILD", Bodies.fullEvidence("DEATH"),
                        son.name(), null))
                .post("/api/v1/withdrawals").then().statusCode(201).extract().path("withdrawal_id");
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200)
                .body("status", equalTo("PAID")).body("paid_amt", equalTo(new BigDecimal("8888.88")))
                .body("account_closed", equalTo(true))
                .body("bank_account.holder_name", equalTo(son.name()));
        given().auth().oauth2(Tokens.person(son.psnNo())).get("/api/v1/withdrawals/{id}", id)
                .then().statusCode(200).body("status", equalTo("PAID"));
    }
}
