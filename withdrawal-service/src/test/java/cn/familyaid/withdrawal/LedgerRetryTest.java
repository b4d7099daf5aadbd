package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.LedgerCommand;
import cn.familyaid.withdrawal.domain.Withdrawal;
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
import java.util.UUID;

import static cn.familyaid.withdrawal.WithdrawalReviewTest.decide;
import static cn.familyaid.withdrawal.WithdrawalReviewTest.get;
import static cn.familyaid.withdrawal.WithdrawalReviewTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The ledger answers {@code INTERNAL} when a command's transaction rolled back and was not stored (a deadlock, a
 * serialization failure on the shared WITHDRAWAL_PAYOUTS row): the same command id executes afresh when sent
 * again. Such a refusal is transient: the application keeps its state and the same command is re-sent (resumer,
 * or the agency approving again); only refusals the ledger stored are final.
 */
@QuarkusTest
class LedgerRetryTest {

    @Inject
    RegistryService registry;

    static final LedgerDouble LEDGER = LedgerDouble.get();

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    static String filed(Person p, String reason, long balanceFen) {
        LEDGER.open(p.psnNo(), balanceFen);
        return WithdrawalSubmissionTest.postAs(p, Bodies.own(p, reason)).statusCode(201)
                .extract().path("withdrawal_id");
    }

    static long commands(String id, String type) {
        return QuarkusTransaction.requiringNew().call(() ->
                LedgerCommand.count("withdrawalId = ?1 and type = ?2", UUID.fromString(id), type));
    }

    @Test
    void a_payout_the_ledger_could_not_execute_is_retried_with_the_same_command_and_paid_once_R_WD_10() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 600_00);
        LEDGER.failInternally("PAYOUT", id, 1);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200);
        Events.await("the payout retried after INTERNAL", () -> row(id).status == Withdrawal.Status.PAID);
        Withdrawal paid = row(id);
        assertThat(paid.ledgerError).as("INTERNAL is not a final refusal").isNull();
        assertThat(paid.paidFen).isEqualTo(600_00);
        assertThat(LEDGER.received("PAYOUT", id)).as("sent again after INTERNAL").isGreaterThanOrEqualTo(2);
        assertThat(LEDGER.executed("PAYOUT", id)).as("paid once").isEqualTo(1);
        assertThat(commands(id, "PAYOUT")).as("one command id, re-sent").isEqualTo(1);
        assertThat(LEDGER.balance(p.psnNo())).isZero();
        get(id).body("status", equalTo("PAID")).body("paid_amt", equalTo(new BigDecimal("600.00")));
    }

    @Test
    void a_hold_the_ledger_could_not_execute_answers_503_and_approving_again_holds_once_R_WD_10() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 350_00);
        LEDGER.failInternally("HOLD_WITHDRAWAL", id, 1);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(503)
                .body("code", equalTo("LEDGER_UNAVAILABLE"));
        assertThat(row(id).status).isEqualTo(Withdrawal.Status.SUBMITTED);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200);
        Events.await("the payout", () -> row(id).status == Withdrawal.Status.PAID);
        assertThat(LEDGER.executed("HOLD_WITHDRAWAL", id)).isEqualTo(1);
        assertThat(LEDGER.executed("PAYOUT", id)).isEqualTo(1);
        assertThat(commands(id, "HOLD_WITHDRAWAL")).isEqualTo(1);
        assertThat(LEDGER.balance(p.psnNo())).isZero();
    }

    /** A rejected application whose hold exists (its reply was lost); asking the hold again fails once. */
    @Test
    void a_rejected_applications_hold_is_released_only_once_voided_when_asking_the_hold_again_fails_R_WD_10() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 400_00);
        LEDGER.loseReplies("HOLD_WITHDRAWAL", 1);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(503);
        assertThat(LEDGER.held(p.psnNo())).as("the ledger did hold it").isEqualTo(400_00);
        LEDGER.failInternally("HOLD_WITHDRAWAL", id, 1);
        decide("320102", id, Bodies.decision("REJECT", "residence proof expired")).statusCode(200)
                .body("status", equalTo("REJECTED"));
        Events.await("the hold released", () -> row(id).holdReleased);
        assertThat(LEDGER.held(p.psnNo())).as("released only when the void went through").isZero();
        assertThat(LEDGER.executed("VOID_HOLD", id)).isEqualTo(1);
        assertThat(LEDGER.balance(p.psnNo())).isEqualTo(400_00);
        assertThat(row(id).ledgerError).isNull();
    }

    @Test
    void a_rejected_applications_hold_is_released_only_once_voided_when_the_void_fails_R_WD_10() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 450_00);
        LEDGER.loseReplies("HOLD_WITHDRAWAL", 1);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(503);
        LEDGER.failInternally("VOID_HOLD", id, 1);
        decide("320102", id, Bodies.decision("REJECT", "residence proof expired")).statusCode(200);
        Events.await("the hold released", () -> row(id).holdReleased);
        assertThat(LEDGER.held(p.psnNo())).isZero();
        assertThat(LEDGER.received("VOID_HOLD", id)).isGreaterThanOrEqualTo(2);
        assertThat(LEDGER.executed("VOID_HOLD", id)).isEqualTo(1);
        assertThat(commands(id, "VOID_HOLD")).isEqualTo(1);
        assertThat(row(id).ledgerError).isNull();
    }
}
