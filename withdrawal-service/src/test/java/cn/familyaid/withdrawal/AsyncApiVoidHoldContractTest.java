package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.AsyncApi;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.Capture;
import cn.familyaid.withdrawal.support.Events;
import cn.familyaid.withdrawal.support.LedgerDouble;
import cn.familyaid.withdrawal.support.People;
import cn.familyaid.withdrawal.support.People.Person;
import cn.familyaid.withdrawal.support.TestStack;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static cn.familyaid.withdrawal.WithdrawalReviewTest.decide;
import static cn.familyaid.withdrawal.WithdrawalReviewTest.row;
import static cn.familyaid.withdrawal.WithdrawalSubmissionTest.postAs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VOID_HOLD withdrawal-service sends (R-WD-1: its own approved withdrawal of a person who died before payout)
 * is what its asyncapi.yaml says, and what the ledger's document reads. The real ledger pays at once, so this runs
 * against the ledger double of the tests, which listens on {@code ledger.commands.test-double}: the same channel,
 * producer and bodies as {@code ledger.commands.withdrawal}, only the topic set by the test profile differs, so each
 * record is checked as if it were on the real topic. The CANCELLED withdrawal.changed is checked on its real topic.
 */
@QuarkusTest
class AsyncApiVoidHoldContractTest {
    static final AsyncApi DOC = AsyncApi.of(TestStack.SERVICE);
    static final LedgerDouble LEDGER = LedgerDouble.get();
    static final String COMMANDS = "ledger.commands.withdrawal";

    @Inject
    RegistryService registry;

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    /** The record as it would be on the real command topic. */
    static ConsumerRecord<String, String> onCommandTopic(ConsumerRecord<String, String> r) {
        if (!r.topic().equals(LedgerDouble.TOPIC)) {
            return r;
        }
        ConsumerRecord<String, String> moved = new ConsumerRecord<>(COMMANDS, r.partition(), r.offset(), r.key(),
                r.value());
        r.headers().forEach(h -> moved.headers().add(h));
        return moved;
    }

    @Test
    void the_void_hold_of_an_approved_withdrawal_whose_person_died_matches_asyncapi_yaml() throws Exception {
        try (Capture capture = Capture.of(List.of(LedgerDouble.TOPIC, "withdrawal.changed"))) {
            Person father = People.employee(registry, "320102");
            LEDGER.open(father.psnNo(), 123_45);
            String id = postAs(father, Bodies.own(father, "LONG_TERM_ELSEWHERE")).statusCode(201)
                    .extract().path("withdrawal_id");
            LEDGER.silence("PAYOUT", true); // approved and held, not paid
            try {
                decide("320102", id, Bodies.decision("APPROVE", null)).statusCode(200);
                People.die(registry, father);
                Thread.sleep(1500); // payouts sent before the death was recorded are dropped by the silent ledger
            } finally {
                LEDGER.silence("PAYOUT", false);
            }
            Events.await("the application stopped",
                    () -> row(id).status.name().equals("CANCELLED"));

            Set<String> seen = new TreeSet<>();
            int[] checked = {0};
            List<ConsumerRecord<String, String>> records = capture.until(all -> {
                for (ConsumerRecord<String, String> r : all.subList(checked[0], all.size())) {
                    seen.add(DOC.publishedAs(onCommandTopic(r)).id());
                }
                checked[0] = all.size();
                return seen.contains(COMMANDS + " VOID_HOLD") && seen.contains("withdrawal.changed withdrawal.changed")
                        && all.stream().anyMatch(r -> r.value().contains("\"CANCELLED\""));
            });
            assertThat(seen).contains(COMMANDS + " HOLD_WITHDRAWAL", COMMANDS + " PAYOUT", COMMANDS + " VOID_HOLD");
            assertThat(records).anyMatch(r -> r.topic().equals("withdrawal.changed") && r.value().contains("\"CANCELLED\""));
            for (ConsumerRecord<String, String> r : records) {
                assertThat(DOC.readersRefusing(onCommandTopic(r))).as("readers of %s", r.topic()).isEmpty();
            }
        }
    }
}
