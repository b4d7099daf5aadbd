package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.LedgerDouble;
import cn.familyaid.withdrawal.support.People;
import cn.familyaid.withdrawal.support.People.Person;
import cn.familyaid.withdrawal.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.familyaid.withdrawal.WithdrawalReviewTest.decide;
import static cn.familyaid.withdrawal.WithdrawalSubmissionTest.post;
import static cn.familyaid.withdrawal.WithdrawalSubmissionTest.postAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * R-WD-4: a serious-illness withdrawal is paid "up to the bill", so one itemised bill backs one payment. A bill
 * (its {@code ref}) claimed by a person's application that is not rejected cannot back another application of
 * that person; the claim is kept in {@code bill_claim} under a unique key, so parallel filings cannot both pass.
 */
@QuarkusTest
class ItemisedBillOnceTest {

    @Inject
    RegistryService registry;

    @Inject
    EntityManager em;

    static final LedgerDouble LEDGER = LedgerDouble.get();

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    static Map<String, Object> illness(Person p, String billRef, String billAmt, String amount) {
        Map<String, Object> bill = Bodies.bill(billAmt);
        bill.put("ref", billRef);
        return Bodies.withdrawal(p.psnNo(), "SERIOUS_ILLNESS", p, "SELF",
                List.of(Bodies.evidence("DIAGNOSIS_PROOF"), bill), p.name(), amount);
    }

    @Test
    void an_itemised_bill_that_was_paid_is_not_paid_again_R_WD_4() {
        Person p = People.employee(registry, "320102");
        LEDGER.open(p.psnNo(), 5000_00);
        String first = postAs(p, illness(p, "bill-2026-001", "1000.00", "800.00")).statusCode(201)
                .extract().path("withdrawal_id");
        decide("320102", first, Bodies.decision("APPROVE", null)).statusCode(200);
        WithdrawalReviewTest.get(first).body("status", equalTo("PAID"));

        // the same bill again, for what was left of it: refused, naming the bill
        postAs(p, illness(p, "bill-2026-001", "1000.00", "200.00")).statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("R-WD-4"))
                .body("errors[0].field", equalTo("evidence[1].ref"))
                .body("errors[0].message", containsString("ITEMISED_BILL"));
        // written differently (case, blanks) it is the same bill; filed by a guardian at the counter it is too
        postAs(p, illness(p, " BILL-2026-001 ", "1000.00", "200.00")).statusCode(409).body("code", equalTo("R-WD-4"));
        post(Tokens.agency("320102"), illness(p, "bill-2026-001", "1000.00", "200.00"))
                .statusCode(409).body("code", equalTo("R-WD-4"));
        // another bill of the same person is fine
        postAs(p, illness(p, "bill-2026-002", "300.00", "300.00")).statusCode(201);
        assertThat(LEDGER.balance(p.psnNo())).isEqualTo(4200_00);
    }

    @Test
    void a_bill_of_a_rejected_application_may_be_filed_again_R_WD_4() {
        Person p = People.employee(registry, "320102");
        LEDGER.open(p.psnNo(), 5000_00);
        String first = postAs(p, illness(p, "bill-rej-1", "1000.00", "900.00")).statusCode(201)
                .extract().path("withdrawal_id");
        decide("320102", first, Bodies.decision("REJECT", "diagnosis not on the list")).statusCode(200);
        postAs(p, illness(p, "bill-rej-1", "1000.00", "900.00")).statusCode(201);
    }

    @Test
    void one_bill_listed_twice_in_an_application_counts_once_R_WD_4() {
        Person p = People.employee(registry, "320102");
        Map<String, Object> b1 = Bodies.bill("1000.00");
        b1.put("ref", "bill-x");
        Map<String, Object> b2 = Bodies.bill("1000.00");
        b2.put("ref", "Bill-X");
        postAs(p, Bodies.withdrawal(p.psnNo(), "SERIOUS_ILLNESS", p, "SELF",
                List.of(Bodies.evidence("DIAGNOSIS_PROOF"), b1, b2), p.name(), "1500.00"))
                .statusCode(400).body("code", equalTo("R-WD-4"))
                .body("errors[0].field", equalTo("evidence[2].ref"));
    }

    @Test
    void parallel_applications_with_one_bill_file_one_R_WD_4() throws Exception {
        Person p = People.employee(registry, "320102");
        Person mother = People.employee(registry, "320102");
        People.kin(registry, p, mother, "PARENT", "CHILD");
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean byMother = i % 2 == 1;
            answers.add(pool.submit(() -> {
                start.await();
                // the person and the guardian file at the same time, each with its own request_id
                Map<String, Object> body = byMother
                        ? Bodies.withdrawal(p.psnNo(), "SERIOUS_ILLNESS", mother, "PARENT",
                        List.of(Bodies.evidence("DIAGNOSIS_PROOF"), billOf("bill-par-1")), p.name(), "500.00")
                        : illness(p, "bill-par-1", "1000.00", "500.00");
                return postAs(byMother ? mother : p, body).extract();
            }));
        }
        start.countDown();
        int created = 0;
        for (Future<ExtractableResponse<Response>> a : answers) {
            ExtractableResponse<Response> r = a.get();
            if (r.statusCode() == 201) {
                created++;
            } else {
                assertThat(r.statusCode()).isEqualTo(409);
                assertThat(r.<String>path("code")).isEqualTo("R-WD-4");
            }
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        long claims = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM bill_claim WHERE psn_no = ?1").setParameter(1, p.psnNo())
                .getSingleResult()).longValue());
        assertThat(claims).isEqualTo(1);
    }

    @Test
    void the_database_refuses_a_second_claim_on_one_bill_R_WD_4() {
        Person p = People.employee(registry, "320102");
        String first = postAs(p, illness(p, "bill-db-1", "100.00", "100.00")).statusCode(201)
                .extract().path("withdrawal_id");
        decide("320102", first, Bodies.decision("REJECT", "x")).statusCode(200);
        postAs(p, illness(p, "bill-db-1", "100.00", "100.00")).statusCode(201);
        // a writer that skipped the service's check: the unique key still stops it
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "INSERT INTO bill_claim (psn_no, bill_ref, withdrawal_id, claimed_at) "
                                + "VALUES (?1, 'BILL-DB-1', ?2, now())")
                .setParameter(1, p.psnNo()).setParameter(2, UUID.fromString(first)).executeUpdate()))
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo("23505"));
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static Map<String, Object> billOf(String ref) {
        Map<String, Object> bill = Bodies.bill("1000.00");
        bill.put("ref", ref);
        return bill;
    }
}
