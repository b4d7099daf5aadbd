package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.outbox.OutboxEvent;
import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.support.BadInput;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.LedgerDouble;
import cn.familyaid.withdrawal.support.People;
import cn.familyaid.withdrawal.support.People.Person;
import cn.familyaid.withdrawal.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Bad input never moves money or reaches the database: {@code {"decision": 0}} is not APPROVE (it was, and paid
 * out), and every write endpoint refuses the corpus of malformed requests (support/BadInput) with a 4xx
 * problem+json naming the field, writing nothing and sending no ledger command.
 */
@QuarkusTest
class BadInputTest {
    static final LedgerDouble LEDGER = LedgerDouble.get();

    @Inject
    RegistryService registry;

    static long written() {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count() + Withdrawal.count());
    }

    String filed(Person p) {
        LEDGER.open(p.psnNo(), 500_00);
        return given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.own(p, "LONG_TERM_ELSEWHERE")).post("/api/v1/withdrawals")
                .then().statusCode(201).extract().path("withdrawal_id");
    }

    @Test
    void an_integer_decision_is_refused_and_pays_nothing() {
        Person p = People.employee(registry, "320102");
        String id = filed(p);
        for (Object decision : List.of(0, 1)) {
            given().auth().oauth2(Tokens.agency("320102")).contentType("application/json")
                    .body(Map.of("decision", decision)).post("/api/v1/withdrawals/{id}/decision", id)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION")).body("errors.field", hasItem("decision"));
        }
        assertThat(LEDGER.received("HOLD_WITHDRAWAL", id)).isZero();
        assertThat(LEDGER.received("PAYOUT", id)).isZero();
        assertThat(LEDGER.balance(p.psnNo())).isEqualTo(500_00);
        Withdrawal w = QuarkusTransaction.requiringNew().call(() -> Withdrawal.findById(UUID.fromString(id)));
        assertThat(w.status).isEqualTo(Withdrawal.Status.SUBMITTED);
    }

    @Test
    void every_write_endpoint_refuses_the_bad_input_corpus_with_a_problem_naming_the_field_and_writes_nothing() {
        Person p = People.employee(registry, "320102");
        LEDGER.open(p.psnNo(), 500_00);
        Person q = People.employee(registry, "320102");
        String id = filed(q);
        List<BadInput.Endpoint> endpoints = List.of(
                new BadInput.Endpoint("POST", "/api/v1/withdrawals", Tokens.person(p.psnNo()),
                        Bodies.withdrawal(p.psnNo(), "SERIOUS_ILLNESS", p, "SELF", Bodies.fullEvidence("SERIOUS_ILLNESS"),
                                p.name(), "800.00"),
                        List.of("request_id", "psn_no", "applicant.psn_name", "applicant.certno",
                                "bank_account.holder_name", "bank_account.account_no"),
                        List.of("reason", "applicant.relation"), List.of(), List.of(), List.of("amount")),
                new BadInput.Endpoint("POST", "/api/v1/withdrawals/" + id + "/decision", Tokens.agency("320102"),
                        Bodies.decision("REJECT", "missing documents"), List.of("note"), List.of("decision"),
                        List.of(), List.of(), List.of()));
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (BadInput.Endpoint e : endpoints) {
            cases += BadInput.size(e);
            failures.addAll(BadInput.failures(e, BadInputTest::written));
        }
        assertThat(failures).as("of %d cases", cases).isEmpty();
        assertThat(LEDGER.received("HOLD_WITHDRAWAL", id)).isZero();
    }

    @Test
    void a_nul_in_a_path_id_is_refused_naming_it() {
        given().auth().oauth2(Tokens.agency("320102")).urlEncodingEnabled(false)
                .get("/api/v1/withdrawals/AB%00CD")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("id"));
    }

    @Test
    void the_http_servers_own_limits_answer_problem_json() {
        given().auth().oauth2(Tokens.agency("320102")).get("/api/v1/withdrawals/" + "A".repeat(5_000))
                .then().statusCode(414).contentType("application/problem+json").body("code", equalTo("URI_TOO_LONG"));
        given().auth().oauth2(Tokens.agency("320102")).contentType("application/json")
                .body("{\"note\":\"" + "x".repeat(1_100_000) + "\"}")
                .post("/api/v1/withdrawals/{id}/decision", UUID.randomUUID())
                .then().statusCode(413).contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }
}
