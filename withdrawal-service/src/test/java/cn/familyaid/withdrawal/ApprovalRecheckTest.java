package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.messaging.Events.KinshipChanged;
import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.LedgerDouble;
import cn.familyaid.withdrawal.support.People;
import cn.familyaid.withdrawal.support.People.Person;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static cn.familyaid.withdrawal.WithdrawalReviewTest.decide;
import static cn.familyaid.withdrawal.WithdrawalReviewTest.row;
import static cn.familyaid.withdrawal.WithdrawalSubmissionTest.postAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * What was checked at filing is checked again when the agency approves, since it may have changed meanwhile:
 * the applicant put on the dishonesty list (R-WD-9), the heir's or guardian's recorded kinship ended (R-WD-1, -4).
 */
@QuarkusTest
class ApprovalRecheckTest {

    @Inject
    RegistryService registry;

    static final LedgerDouble LEDGER = LedgerDouble.get();

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    @Test
    void an_applicant_listed_after_filing_is_not_approved_R_WD_9() {
        Person mother = People.employee(registry, "320102");
        Person son = People.employee(registry, "320102");
        People.kin(registry, mother, son, "CHILD", "PARENT");
        LEDGER.open(son.psnNo(), 600_00);
        LEDGER.open(mother.psnNo(), 900_00);
        String own = postAs(son, Bodies.own(son, "LONG_TERM_ELSEWHERE")).statusCode(201)
                .extract().path("withdrawal_id");
        // as guardian he also files for his mother, with a forged bill
        String forBill = postAs(son, Bodies.withdrawal(mother.psnNo(), "SERIOUS_ILLNESS", son, "CHILD",
                Bodies.fullEvidence("SERIOUS_ILLNESS"), mother.name(), "100.00")).statusCode(201)
                .extract().path("withdrawal_id");
        decide("320102", forBill, Bodies.decision("FORGED", "bill forged")).statusCode(200);

        decide("320102", own, Bodies.decision("APPROVE", null)).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("R-WD-9"));
        assertThat(row(own).status).isEqualTo(Withdrawal.Status.SUBMITTED);
        assertThat(LEDGER.received("HOLD_WITHDRAWAL", own)).isZero();
        assertThat(LEDGER.balance(son.psnNo())).isEqualTo(600_00);
        decide("320102", own, Bodies.decision("REJECT", "applicant on the dishonesty list")).statusCode(200);
    }

    @Test
    void an_heir_whose_kinship_ended_after_filing_is_not_paid_R_WD_1() {
        Person father = People.employee(registry, "320102");
        Person wife = People.employee(registry, "320102");
        People.kin(registry, father, wife, "SPOUSE", "SPOUSE");
        People.die(registry, father);
        LEDGER.open(father.psnNo(), 700_00);
        String id = postAs(wife, Bodies.withdrawal(father.psnNo(), "DEATH", wife, "SPOUSE",
                Bodies.fullEvidence("DEATH"), wife.name(), null)).statusCode(201).extract().path("withdrawal_id");
        // the civil record is corrected: the marriage had been dissolved
        endKinship(father, wife, "SPOUSE", "SPOUSE");

        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(409).body("code", equalTo("R-WD-1"));
        assertThat(row(id).status).isEqualTo(Withdrawal.Status.SUBMITTED);
        assertThat(LEDGER.received("HOLD_WITHDRAWAL", id)).isZero();
        assertThat(LEDGER.balance(father.psnNo())).isEqualTo(700_00);
    }

    @Test
    void a_guardian_whose_kinship_ended_after_filing_is_not_approved_R_WD_4() {
        Person child = People.employee(registry, "320102");
        Person mother = People.employee(registry, "320102");
        People.kin(registry, child, mother, "PARENT", "CHILD");
        LEDGER.open(child.psnNo(), 2000_00);
        Map<String, Object> body = Bodies.withdrawal(child.psnNo(), "SERIOUS_ILLNESS", mother, "PARENT",
                Bodies.fullEvidence("SERIOUS_ILLNESS"), child.name(), "100.00");
        String id = postAs(mother, body).statusCode(201).extract().path("withdrawal_id");
        endKinship(child, mother, "PARENT", "CHILD");

        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(409).body("code", equalTo("R-WD-4"));
        assertThat(LEDGER.received("HOLD_WITHDRAWAL", id)).isZero();
    }

    /** The recorded kinship ends both ways ({@code relation}: what {@code relative} is to {@code p}). */
    private void endKinship(Person p, Person relative, String relation, String back) {
        QuarkusTransaction.requiringNew().run(() -> {
            registry.onKinshipChanged(UUID.randomUUID(),
                    new KinshipChanged(p.psnNo(), relative.psnNo(), relation, false));
            registry.onKinshipChanged(UUID.randomUUID(),
                    new KinshipChanged(relative.psnNo(), p.psnNo(), back, false));
        });
    }
}
