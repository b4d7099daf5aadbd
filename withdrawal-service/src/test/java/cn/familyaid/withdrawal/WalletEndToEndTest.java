package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.ClosedAccount;
import cn.familyaid.withdrawal.domain.InsuredPerson;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.rest.DecisionRequest;
import cn.familyaid.withdrawal.security.Requester;
import cn.familyaid.withdrawal.service.ReviewService;
import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.Events;
import cn.familyaid.withdrawal.support.People.Person;
import cn.familyaid.withdrawal.support.RealLedgerProfile;
import cn.familyaid.withdrawal.support.SiblingJar;
import cn.familyaid.withdrawal.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
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
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Against the REAL ledger: wallet-service's packaged jar runs as a child process on the same broker
 * (SiblingJar); persons reach both services as person.changed/kinship.changed events on the broker, money
 * enters through wallet-service's REST API, and every hold and payout goes over ledger.commands.
 */
@QuarkusTest
@TestProfile(RealLedgerProfile.class)
class WalletEndToEndTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    static SiblingJar wallet;

    @Inject
    ReviewService reviews;

    @BeforeAll
    static void startTheLedger() {
        Api.exactAmounts();
        wallet = SiblingJar.start("wallet-service");
    }

    /** A person announced on the broker as binding-service would; both services build their copies from it. */
    static Person announce(String admdvs, String deathDate, long version) {
        int n = SEQ.incrementAndGet();
        String psn = "E" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        Person p = new Person(psn, "端到端" + n, admdvs + "19700101" + String.format("%04d", 5000 + n), admdvs);
        publish(p, deathDate, version);
        return p;
    }

    static void publish(Person p, String deathDate, long version) {
        Events.send("person.changed", p.psnNo(), Events.personChanged(UUID.randomUUID(), p.psnNo(), p.name(),
                p.certno(), "310", deathDate == null ? "1" : "4", p.admdvs(), deathDate, version));
    }

    static ValidatableResponse walletAccount(Person p) {
        return given().baseUri(wallet.baseUrl).auth().oauth2(Tokens.agency("320000"))
                .get("/api/v1/accounts/{p}", p.psnNo()).then();
    }

    static void awaitWalletAccount(Person p) {
        Events.await("wallet account of " + p.psnNo(), () -> walletAccount(p).extract().statusCode() == 200);
    }

    static void awaitLocalCopy(Person p, boolean deceased) {
        Events.await("local copy of " + p.psnNo(), () -> QuarkusTransaction.requiringNew().call(() -> {
            InsuredPerson ip = InsuredPerson.findById(p.psnNo());
            return ip != null && ip.deceased() == deceased;
        }));
    }

    /** The platform's monthly credit, through wallet-service's REST API. */
    static void credit(Person p, String yuan) {
        Map<String, Object> body = Map.of("request_id", "cr-" + UUID.randomUUID(), "amount", new BigDecimal(yuan),
                "period", "2026-11");
        given().baseUri(wallet.baseUrl).auth().oauth2(Tokens.platform("320000")).contentType("application/json")
                .body(body).post("/api/v1/accounts/{p}/credits", p.psnNo()).then().statusCode(201);
    }

    static ValidatableResponse decide(String id, String decision) {
        return given().auth().oauth2(Tokens.agency("320102")).contentType("application/json")
                .body(Bodies.decision(decision, "e2e")).post("/api/v1/withdrawals/{id}/decision", id).then();
    }

    static Withdrawal row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Withdrawal.findById(UUID.fromString(id)));
    }

    @Test
    void death_heir_applies_agency_approves_heir_paid_whole_balance_account_closed_R_WD_1_R_WD_8() {
        Person father = announce("320102", null, 1);
        Person son = announce("320102", null, 1);
        Events.send("kinship.changed", father.psnNo(),
                Events.kinshipChanged(UUID.randomUUID(), father.psnNo(), son.psnNo(), "CHILD", true));
        Events.send("kinship.changed", son.psnNo(),
                Events.kinshipChanged(UUID.randomUUID(), son.psnNo(), father.psnNo(), "PARENT", true));
        awaitWalletAccount(father);
        credit(father, "1500.00");
        credit(father, "234.56");
        publish(father, "2026-11-01", 2); // death: the ledger freezes the account
        awaitLocalCopy(father, true);
        Events.await("the freeze", () -> "FROZEN".equals(walletAccount(father).extract().path("personal.status")));

        String id = given().auth().oauth2(Tokens.person(son.psnNo())).contentType("application/json")
                .body(Bodies.withdrawal(father.psnNo(), "DEATH", son, "CHILD", Bodies.fullEvidence("DEATH"),
                        son.name(), null))
                .post("/api/v1/withdrawals").then().statusCode(201).extract().path("withdrawal_id");
        long t0 = System.nanoTime();
        decide(id, "APPROVE").statusCode(200);
        long answered = System.nanoTime();
        Events.await("the payout", () -> row(id).status == Withdrawal.Status.PAID);
        System.out.printf("[measure] real ledger: APPROVE answered in %d ms (hold + payout + close), PAID after %d ms%n",
                (answered - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        given().auth().oauth2(Tokens.person(son.psnNo())).get("/api/v1/withdrawals/{id}", id).then().statusCode(200)
                .body("status", equalTo("PAID"))
                .body("paid_amt", equalTo(new BigDecimal("1734.56")))
                .body("account_closed", equalTo(true));
        walletAccount(father).statusCode(200)
                .body("personal.status", equalTo("CLOSED"))
                .body("personal.balc", equalTo(new BigDecimal("0.00")))
                .body("personal.held", equalTo(new BigDecimal("0.00")));
        // the ledger's account.closed comes back: nothing more to withdraw from that account
        Events.await("account.closed consumed", () -> QuarkusTransaction.requiringNew()
                .call(() -> ClosedAccount.findById(father.psnNo()) != null));
        given().auth().oauth2(Tokens.person(son.psnNo())).contentType("application/json")
                .body(Bodies.withdrawal(father.psnNo(), "DEATH", son, "CHILD", Bodies.fullEvidence("DEATH"),
                        son.name(), null))
                .post("/api/v1/withdrawals").then().statusCode(409).body("code", equalTo("ACCOUNT_CLOSED"));
    }

    @Test
    void parallel_approvals_pay_once_at_the_real_ledger() throws Exception {
        Person p = announce("320102", null, 1);
        awaitLocalCopy(p, false);
        awaitWalletAccount(p);
        credit(p, "1000.00");
        String id = given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.own(p, "SERIOUS_ILLNESS")) // 800.00 of a 1,000.00 bill
                .post("/api/v1/withdrawals").then().statusCode(201).extract().path("withdrawal_id");
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return decide(id, "APPROVE").extract().statusCode();
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Future<Integer> a : answers) {
            assertThat(a.get()).isIn(200, 503); // 503: no answer from the ledger within its deadline
        }
        System.out.printf("[measure] real ledger: %d parallel approvals of one application answered in %d ms%n", n,
                (System.nanoTime() - t0) / 1_000_000);
        pool.shutdown();
        for (int attempt = 0; attempt < 10 && row(id).status == Withdrawal.Status.SUBMITTED; attempt++) {
            decide(id, "APPROVE");
        }
        Events.await("the payout", () -> row(id).status == Withdrawal.Status.PAID);
        assertThat(row(id).paidFen).isEqualTo(800_00);
        walletAccount(p).body("personal.status", equalTo("ACTIVE"))
                .body("personal.balc", equalTo(new BigDecimal("200.00")))
                .body("personal.held", equalTo(new BigDecimal("0.00")));
    }

    @Test
    void from_approval_the_amount_is_held_at_the_real_ledger_then_paid_by_the_resumer_R_WD_10() {
        Person p = announce("320102", null, 1);
        awaitLocalCopy(p, false);
        awaitWalletAccount(p);
        credit(p, "1000.00");
        String id = given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.own(p, "SERIOUS_ILLNESS"))
                .post("/api/v1/withdrawals").then().statusCode(201).extract().path("withdrawal_id");
        // approval alone, as if the process died before the payout
        reviews.decide(UUID.fromString(id), new DecisionRequest(DecisionRequest.Decision.APPROVE, null, null, null),
                new Requester("agency", null, "320102", "agency-320102"));
        if (row(id).status == Withdrawal.Status.APPROVED) {
            walletAccount(p).body("personal.held", equalTo(new BigDecimal("800.00")))
                    .body("personal.shareable", equalTo(new BigDecimal("200.00")));
        }
        Events.await("the resumed payout", () -> row(id).status == Withdrawal.Status.PAID);
        walletAccount(p).body("personal.balc", equalTo(new BigDecimal("200.00")))
                .body("personal.held", equalTo(new BigDecimal("0.00")));
    }

    @Test
    void serious_illness_above_the_real_balance_is_refused_R_WD_4() {
        Person p = announce("320102", null, 1);
        awaitLocalCopy(p, false);
        awaitWalletAccount(p);
        credit(p, "100.00");
        String id = given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.own(p, "SERIOUS_ILLNESS")) // asks 800.00
                .post("/api/v1/withdrawals").then().statusCode(201).extract().path("withdrawal_id");
        decide(id, "APPROVE").statusCode(409).body("code", equalTo("R-WD-4"));
        walletAccount(p).body("personal.balc", equalTo(new BigDecimal("100.00")))
                .body("personal.held", equalTo(new BigDecimal("0.00")));
    }
}
