package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.LedgerCommand;
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

import static cn.familyaid.withdrawal.LedgerRetryTest.filed;
import static cn.familyaid.withdrawal.WithdrawalReviewTest.decide;
import static cn.familyaid.withdrawal.WithdrawalReviewTest.get;
import static cn.familyaid.withdrawal.WithdrawalReviewTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A lost reply: the ledger executed the command, its answer never came. The application stays where it was, the
 * resumer re-sends the command stored with the application — byte for byte the one first sent, by the same id — and
 * the ledger answers its stored reply: exactly one outcome, the money moved once.
 */
@QuarkusTest
class LostReplyTest {

    @Inject
    RegistryService registry;

    static final LedgerDouble LEDGER = LedgerDouble.get();

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    static LedgerCommand stored(String commandId) {
        return QuarkusTransaction.requiringNew().call(() -> LedgerCommand.findById(commandId));
    }

    /** The statuses the application's events announced, in order. */
    static List<String> announced(Person p) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>list(
                        "key = ?1 and type = ?2 order by seq", p.psnNo(), "withdrawal.changed")).stream()
                .map(e -> e.payload.replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1")).toList();
    }

    /** The stored command was sent at least {@code times} times, each time byte for byte as stored. */
    static void sentAsStored(String commandId, int times, String type) {
        LedgerCommand c = stored(commandId);
        assertThat(c.type).isEqualTo(type);
        assertThat(c.body).contains("\"type\":\"" + type + "\"", "\"requester\":\"withdrawal-service\"");
        List<String> sent = LEDGER.bodies(commandId);
        assertThat(sent).as("%s sent again after its lost reply", commandId).hasSizeGreaterThanOrEqualTo(times);
        assertThat(sent).as("every send of %s is the stored command", commandId).containsOnly(c.body);
        assertThat(c.reply).as("the stored answer is journaled").contains("\"ok\":true");
    }

    @Test
    void a_payout_the_ledger_executed_whose_reply_was_lost_is_resolved_by_the_resumer_to_one_payout_R_WD_8() {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "REGION_NOT_ACCEPTING", 520_00);
        // lost: the approval's own payout, and the resumer's first re-send
        LEDGER.loseReplies("PAYOUT", 2);
        decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200)
                .body("status", equalTo("APPROVED"));
        assertThat(LEDGER.executed("PAYOUT", id)).as("the ledger paid at once").isEqualTo(1);
        assertThat(LEDGER.balance(p.psnNo())).isZero();
        assertThat(row(id).status).as("not known here yet").isEqualTo(Withdrawal.Status.APPROVED);

        Events.await("the resumer learns the payout", () -> row(id).status == Withdrawal.Status.PAID);
        assertThat(LEDGER.executed("PAYOUT", id)).as("paid once").isEqualTo(1);
        sentAsStored("wd-" + id + "-payout", 2, "PAYOUT");
        Withdrawal paid = row(id);
        assertThat(paid.paidFen).isEqualTo(520_00);
        assertThat(paid.accountClosed).isTrue();
        assertThat(paid.ledgerError).isNull();
        assertThat(announced(p)).as("one outcome").containsExactly("SUBMITTED", "APPROVED", "PAID");
        get(id).body("status", equalTo("PAID")).body("paid_amt", equalTo(new BigDecimal("520.00")));
    }

    @Test
    void a_void_the_ledger_executed_whose_reply_was_lost_cancels_once_and_pays_nothing_R_WD_1() throws Exception {
        Person p = People.employee(registry, "320102");
        String id = filed(p, "LONG_TERM_ELSEWHERE", 260_00);
        LEDGER.silence("PAYOUT", true); // approved and held, the payout not through yet
        try {
            decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200)
                    .body("status", equalTo("APPROVED"));
            LEDGER.loseReplies("VOID_HOLD", 1);
            People.die(registry, p);
            Events.await("the void sent", () -> LEDGER.executed("VOID_HOLD", id) == 1);
        } finally {
            LEDGER.silence("PAYOUT", false);
        }
        Events.await("the resumer learns the void", () -> row(id).status == Withdrawal.Status.CANCELLED);
        sentAsStored("wd-" + id + "-void", 2, "VOID_HOLD");
        assertThat(LEDGER.executed("VOID_HOLD", id)).isEqualTo(1);
        assertThat(LEDGER.executed("PAYOUT", id)).as("nothing paid to the deceased").isZero();
        assertThat(LEDGER.held(p.psnNo())).isZero();
        assertThat(LEDGER.balance(p.psnNo())).isEqualTo(260_00);
        assertThat(row(id).holdReleased).isTrue();
        assertThat(announced(p)).containsExactly("SUBMITTED", "APPROVED", "CANCELLED");
    }
}
