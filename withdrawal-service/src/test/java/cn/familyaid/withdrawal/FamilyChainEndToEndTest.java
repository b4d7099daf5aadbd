package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.Events;
import cn.familyaid.withdrawal.support.People.Person;
import cn.familyaid.withdrawal.support.RealLedgerProfile;
import cn.familyaid.withdrawal.support.SiblingJar;
import cn.familyaid.withdrawal.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole family chain through the four services' REST APIs, the three siblings as packaged jars on the same
 * broker: a funder dies (or withdraws in full) → the heir (or the funder) applies → the agency approves → the
 * whole balance is paid → the account is closed → the funder's bindings are ended → the former beneficiary's
 * next settlement draws nothing from that funder.
 */
@QuarkusTest
@TestProfile(RealLedgerProfile.class)
class FamilyChainEndToEndTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    static SiblingJar binding;
    static SiblingJar wallet;
    static SiblingJar settlement;
    static final String REGION = "320102";
    static final String HOSPITAL = "H32010299001";
    static final String PLATFORM = Tokens.platform("320000");

    @BeforeAll
    static void startTheSiblings() {
        Api.exactAmounts();
        CompletableFuture<SiblingJar> b = CompletableFuture.supplyAsync(() -> SiblingJar.start("binding-service"));
        CompletableFuture<SiblingJar> w = CompletableFuture.supplyAsync(() -> SiblingJar.start("wallet-service"));
        CompletableFuture<SiblingJar> s = CompletableFuture.supplyAsync(() -> SiblingJar.start("settlement-service"));
        binding = b.join();
        wallet = w.join();
        settlement = s.join();
        given().baseUri(binding.baseUrl).auth().oauth2(PLATFORM).contentType("application/json")
                .body(Map.of()).put("/api/v1/regions/{a}/policy", REGION).then().statusCode(Matchers.oneOf(200, 201));
        given().baseUri(settlement.baseUrl).auth().oauth2(PLATFORM).contentType("application/json")
                .body(Map.of("fixmedins_name", "鼓楼医院", "fixmedins_type", "HOSPITAL", "admdvs", REGION,
                        "wallet_enabled", false))
                .put("/api/v1/institutions/{c}", HOSPITAL).then().statusCode(Matchers.oneOf(200, 201));
    }

    /** A valid 18-character resident ID (GB 11643 check digit) born 1960-01-01. */
    static String residentId(int n) {
        String first17 = REGION + "19600101" + String.format("%03d", n % 1000);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        char[] check = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        return first17 + check[sum % 11];
    }

    /** The platform registers an insured person at binding-service (which publishes person.changed). */
    static Person register(String insutype) {
        int n = SEQ.incrementAndGet() + (int) (System.nanoTime() % 500);
        String psn = "F" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        Person p = new Person(psn, "家" + psn.substring(1, 4), residentId(n), REGION);
        putPerson(p, insutype, null);
        return p;
    }

    static void putPerson(Person p, String insutype, String deathDate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("psn_name", p.name());
        body.put("psn_cert_type", "01");
        body.put("certno", p.certno());
        body.put("gend", "1");
        body.put("brdy", "1960-01-01");
        body.put("insutype", insutype);
        body.put("psn_insu_stas", deathDate == null ? "1" : "4");
        body.put("insuplc_admdvs", REGION);
        body.put("death_date", deathDate);
        given().baseUri(binding.baseUrl).auth().oauth2(PLATFORM).contentType("application/json").body(body)
                .put("/api/v1/persons/{p}", p.psnNo()).then().statusCode(Matchers.oneOf(200, 201));
    }

    /** relation: what {@code relative} is to {@code p}; binding-service stores both ways. */
    static void kinship(Person p, Person relative, String relation) {
        given().baseUri(binding.baseUrl).auth().oauth2(PLATFORM).contentType("application/json")
                .body(Map.of("psn_no", p.psnNo(), "relative_psn_no", relative.psnNo(), "relation", relation))
                .put("/api/v1/kinships").then().statusCode(Matchers.oneOf(200, 201));
    }

    static String bind(Person funder, Person beneficiary, String relation) {
        return given().baseUri(binding.baseUrl).auth().oauth2(Tokens.person(funder.psnNo()))
                .contentType("application/json")
                .body(Map.of("request_id", "b-" + UUID.randomUUID(), "funder_psn_no", funder.psnNo(),
                        "beneficiary_psn_no", beneficiary.psnNo(), "relation", relation,
                        "share", Map.of("mode", "ALL"), "channel", "APP"))
                .post("/api/v1/bindings").then().statusCode(201).body("status", equalTo("ACTIVE"))
                .extract().path("binding_id");
    }

    static ValidatableResponse walletAccount(Person p) {
        return given().baseUri(wallet.baseUrl).auth().oauth2(Tokens.agency("320000"))
                .get("/api/v1/accounts/{p}", p.psnNo()).then();
    }

    static void credit(Person p, String yuan) {
        Events.await("wallet account of " + p.psnNo(), () -> walletAccount(p).extract().statusCode() == 200);
        given().baseUri(wallet.baseUrl).auth().oauth2(PLATFORM).contentType("application/json")
                .body(Map.of("request_id", "cr-" + UUID.randomUUID(), "amount", new BigDecimal(yuan),
                        "period", "2026-11"))
                .post("/api/v1/accounts/{p}/credits", p.psnNo()).then().statusCode(201);
    }

    /** An outpatient visit of 300.00 of which the pooled fund pays 200.00: 100.00 is the patient's part. */
    static ValidatableResponse settle(Person patient) {
        return settle(patient, "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    }

    static ValidatableResponse settle(Person patient, String medinsSetlId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("medins_setl_id", medinsSetlId);
        body.put("fixmedins_code", HOSPITAL);
        body.put("psn_no", patient.psnNo());
        body.put("mdtrt_cert_type", "02");
        body.put("mdtrt_cert_no", patient.certno());
        body.put("insutype", "390");
        body.put("med_type", "11");
        body.put("medfee_sumamt", new BigDecimal("300.00"));
        body.put("fund_pay_sumamt", new BigDecimal("200.00"));
        body.put("acct_used_flag", "1");
        body.put("mdtrtarea_admvs", REGION);
        return given().baseUri(settlement.baseUrl).auth().oauth2(Tokens.institution(HOSPITAL))
                .contentType("application/json").body(body).post("/api/v1/settlements").then();
    }

    static boolean bindingActive(String bindingId, Person funder) {
        String status = given().baseUri(binding.baseUrl).auth().oauth2(Tokens.person(funder.psnNo()))
                .get("/api/v1/bindings/{id}", bindingId).then().statusCode(200).extract().path("status");
        return "ACTIVE".equals(status);
    }

    /** The beneficiary's settlement draws on the funder once the ledger knows the mandate (binding.changed). */
    static void awaitFamilyPays(Person beneficiary) {
        long deadline = System.currentTimeMillis() + 60_000;
        String setlId = "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        while (true) {
            ValidatableResponse r;
            try {
                r = settle(beneficiary, setlId);
                if (r.extract().statusCode() == 404) {
                    // settlement-service has not yet heard of the patient (person.changed is asynchronous)
                    assertThat(System.currentTimeMillis()).as("settlement knows the patient").isLessThan(deadline);
                    sleep(300);
                    continue;
                }
                r.statusCode(201);
            } catch (RuntimeException slow) {
                // a fresh settlement-service may answer its first request late: ask again with the SAME
                // medins_setl_id, so a late first attempt cannot settle twice
                assertThat(System.currentTimeMillis()).as("settlement answers").isLessThan(deadline);
                continue;
            }
            setlId = "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            BigDecimal family = new BigDecimal(r.extract().path("acct_mulaid_pay").toString());
            if (family.signum() > 0) {
                assertThat(family).isEqualByComparingTo("100.00");
                return;
            }
            assertThat(System.currentTimeMillis()).as("the mandate reached the ledger").isLessThan(deadline);
            sleep(500);
        }
    }

    @Test
    void death_of_a_funder_heir_paid_account_closed_bindings_ended_beneficiary_draws_nothing() {
        Person father = register("310");
        Person son = register("310");
        Person mother = register("390");
        kinship(father, son, "CHILD");
        kinship(father, mother, "SPOUSE");
        credit(father, "1000.00");
        String bindingId = bind(father, mother, "SPOUSE");
        awaitFamilyPays(mother); // the binding works: the father's account paid 100.00 of the mother's visit
        walletAccount(father).body("personal.balc", equalTo(new BigDecimal("900.00")));

        putPerson(father, "310", "2026-11-20"); // the platform records the death
        // the heir applies once withdrawal-service has heard of the death (person.changed from binding-service)
        AtomicReference<String> filed = new AtomicReference<>();
        Map<String, Object> application = Bodies.withdrawal(father.psnNo(), "DEATH", son, "CHILD",
                Bodies.fullEvidence("DEATH"), son.name(), null);
        Events.await("the death reaches withdrawal-service", () -> {
            ValidatableResponse r = given().auth().oauth2(Tokens.person(son.psnNo())).contentType("application/json")
                    .body(application).post("/api/v1/withdrawals").then();
            if (r.extract().statusCode() == 201) {
                filed.set(r.extract().path("withdrawal_id"));
                return true;
            }
            return false;
        });
        String id = filed.get();
        given().auth().oauth2(Tokens.agency(REGION)).contentType("application/json")
                .body(Bodies.decision("APPROVE", "death certificate verified"))
                .post("/api/v1/withdrawals/{id}/decision", id).then().statusCode(200);
        paid(id).body("paid_amt", equalTo(new BigDecimal("900.00"))).body("account_closed", equalTo(true));

        walletAccount(father).body("personal.status", equalTo("CLOSED"))
                .body("personal.balc", equalTo(new BigDecimal("0.00")));
        Events.await("the father's binding ended", () -> !bindingActive(bindingId, father));
        settle(mother).statusCode(201)
                .body("acct_mulaid_pay", equalTo(new BigDecimal("0.00")))
                .body("psn_cash_pay", equalTo(new BigDecimal("100.00")));
    }

    @Test
    void a_living_funders_full_withdrawal_closes_the_account_and_account_closed_ends_the_bindings() {
        Person daughter = register("310"); // funder
        Person mother = register("390");   // beneficiary
        kinship(daughter, mother, "PARENT");
        credit(daughter, "600.00");
        String bindingId = bind(daughter, mother, "PARENT");
        awaitFamilyPays(mother);

        Map<String, Object> application = Bodies.own(daughter, "LONG_TERM_ELSEWHERE");
        AtomicReference<String> filed = new AtomicReference<>();
        Events.await("withdrawal-service knows the funder", () -> {
            ValidatableResponse r = given().auth().oauth2(Tokens.person(daughter.psnNo()))
                    .contentType("application/json").body(application).post("/api/v1/withdrawals").then();
            int status = r.extract().statusCode();
            assertThat(status).as("filed, or the person not yet known (person.changed is asynchronous)")
                    .isIn(201, 200, 403, 404);
            if (status == 201 || status == 200) {
                filed.set(r.extract().path("withdrawal_id"));
                return true;
            }
            return false;
        });
        String id = filed.get();
        assertThat(bindingActive(bindingId, daughter)).as("alive and not yet withdrawn: still funding").isTrue();
        given().auth().oauth2(Tokens.agency(REGION)).contentType("application/json")
                .body(Bodies.decision("APPROVE", null))
                .post("/api/v1/withdrawals/{id}/decision", id).then().statusCode(200);
        paid(id).body("paid_amt", equalTo(new BigDecimal("500.00"))).body("account_closed", equalTo(true));
        // account.closed (wallet → broker → binding-service) ends her bindings (R-BIND-10)
        Events.await("the binding ended by account.closed", () -> !bindingActive(bindingId, daughter));
        settle(mother).statusCode(201)
                .body("acct_mulaid_pay", equalTo(new BigDecimal("0.00")))
                .body("psn_cash_pay", equalTo(new BigDecimal("100.00")));
    }

    /** The application once PAID (on a loaded machine the payout may finish after the decision's answer). */
    static ValidatableResponse paid(String id) {
        Events.await("withdrawal " + id + " paid", () -> "PAID".equals(given().auth().oauth2(Tokens.agency(REGION))
                .get("/api/v1/withdrawals/{id}", id).then().extract().path("status")));
        return given().auth().oauth2(Tokens.agency(REGION)).get("/api/v1/withdrawals/{id}", id).then().statusCode(200);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
