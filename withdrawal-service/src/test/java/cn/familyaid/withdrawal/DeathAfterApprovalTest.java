package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.outbox.OutboxEvent;
import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.Events;
import cn.familyaid.withdrawal.support.LedgerDouble;
import cn.familyaid.withdrawal.support.People;
import cn.familyaid.withdrawal.support.People.Person;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static cn.familyaid.withdrawal.WithdrawalReviewTest.decide;
import static cn.familyaid.withdrawal.WithdrawalReviewTest.get;
import static cn.familyaid.withdrawal.WithdrawalReviewTest.row;
import static cn.familyaid.withdrawal.WithdrawalSubmissionTest.postAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * R-WD-1: a death freezes the account except for an heir's DEATH withdrawal. A person's own withdrawal that was
 * approved (money held) but not yet paid when the death is recorded is not paid to the deceased: the hold is voided
 * and the application ends CANCELLED, so the heirs can apply for the whole balance.
 */
@QuarkusTest
class DeathAfterApprovalTest {

    @Inject
    RegistryService registry;

    static final LedgerDouble LEDGER = LedgerDouble.get();

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    @Test
    void an_approved_own_withdrawal_of_a_person_who_died_before_payout_is_cancelled_not_paid_R_WD_1()
            throws Exception {
        Person father = People.employee(registry, "320102");
        Person son = People.employee(registry, "320102");
        People.kin(registry, father, son, "CHILD", "PARENT");
        LEDGER.open(father.psnNo(), 300_00);
        String id = postAs(father, Bodies.own(father, "LONG_TERM_ELSEWHERE")).statusCode(201)
                .extract().path("withdrawal_id");
        LEDGER.silence("PAYOUT", true); // the ledger is slow to pay: approved, held, not paid
        try {
            decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200).body("status", equalTo("APPROVED"));
            assertThat(LEDGER.held(father.psnNo())).isEqualTo(300_00);
            People.die(registry, father);
            Thread.sleep(1500); // payouts sent before the death was recorded are dropped by the silent ledger
        } finally {
            LEDGER.silence("PAYOUT", false);
        }
        Events.await("the approved application stopped", () -> row(id).status.name().equals("CANCELLED"));
        assertThat(LEDGER.executed("PAYOUT", id)).as("nothing paid to the deceased").isZero();
        assertThat(LEDGER.held(father.psnNo())).as("the hold voided").isZero();
        assertThat(LEDGER.balance(father.psnNo())).isEqualTo(300_00);
        assertThat(row(id).holdReleased).isTrue();
        get(id).body("status", equalTo("CANCELLED")).body("cancel_reason", equalTo("DECEASED"))
                .body("cancelled_at", notNullValue()).body("paid_amt", equalTo(null));
        List<String> statuses = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>list(
                        "key = ?1 and type = ?2 order by seq", father.psnNo(), "withdrawal.changed")).stream()
                .map(e -> e.payload.replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1")).toList();
        assertThat(statuses).containsExactly("SUBMITTED", "APPROVED", "CANCELLED");
        // approving it again changes nothing
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(409);
        assertThat(LEDGER.executed("PAYOUT", id)).isZero();

        // the heir takes the whole balance
        String heirs = postAs(son, Bodies.withdrawal(father.psnNo(), "DEATH", son, "CHILD",
                Bodies.fullEvidence("DEATH"), son.name(), null)).statusCode(201).extract().path("withdrawal_id");
        decide("320102", heirs, Bodies.decision("APPROVE", null)).statusCode(200);
        Events.await("the heir's payout", () -> row(heirs).status == Withdrawal.Status.PAID);
        get(heirs).body("paid_amt", equalTo(new BigDecimal("300.00"))).body("account_closed", equalTo(true));
        assertThat(LEDGER.balance(father.psnNo())).isZero();
    }
}
