package cn.familyaid.wallet.service;

import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.service.LedgerCommandService.Pending;
import cn.familyaid.wallet.support.Answer;
import cn.familyaid.wallet.support.Family;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.familyaid.wallet.support.Family.cap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SETTLE commands applied together in one transaction (group commit): each id applied once however often it is in
 * the group, each command seeing the ones before it, and a group that cannot commit running again one by one.
 */
@QuarkusTest
class GroupCommitLedgerTest {
    static final LedgerCommand.Institution PHARMACY =
            new LedgerCommand.Institution("P32010200078", "PHARMACY", "320102", true);

    @Inject
    Family family;
    @Inject
    LedgerCommandService service;
    @Inject
    MeterRegistry meters;

    static LedgerCommand.Settle settle(String id, String beneficiary, long amountFen) {
        return settle(id, beneficiary, amountFen, PHARMACY);
    }

    static LedgerCommand.Settle settle(String id, String beneficiary, long amountFen, LedgerCommand.Institution at) {
        return LedgerCommand.settle(id, beneficiary, amountFen, true, at, "S" + UUID.randomUUID(),
                OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(60).toString());
    }

    long holds(String commandId) {
        return family.query("SELECT count(*) FROM hold WHERE command_id = ?", rs -> rs.getLong(1), commandId).get(0);
    }

    @Test
    void duplicate_command_ids_within_one_group_are_applied_once_a_copy_gets_the_same_reply_other_content_a_conflict() {
        String p = family.person("赵敏", "310", "320102");
        String q = family.person("钱进", "310", "320102");
        family.credit(p, 10_000);
        family.credit(q, 10_000);
        String a = UUID.randomUUID().toString();
        LedgerCommand.Settle first = settle(a, p, 3_000);
        LedgerCommand.Settle other = settle(a, p, 4_000); // same id, other content
        LedgerCommand.Settle b = settle(UUID.randomUUID().toString(), q, 2_000);
        double fallbacks = meters.counter("familyaid.ledger.group.fallbacks").count();

        List<String> replies = service.settleGroup(List.of(Pending.of(first), Pending.of(first), Pending.of(other),
                Pending.of(b), Pending.of(first)));

        assertThat(replies).hasSize(5);
        Answer r = Answer.of(replies.get(0));
        assertThat(r.isOk()).as("%s", r.fields()).isTrue();
        assertThat(r.drawnFen()).isEqualTo(3_000);
        assertThat(replies.get(1)).isEqualTo(replies.get(0));
        assertThat(replies.get(4)).isEqualTo(replies.get(0));
        assertThat(Answer.of(replies.get(2)).get("code")).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(Answer.of(replies.get(3)).isOk()).isTrue();
        assertThat(meters.counter("familyaid.ledger.group.fallbacks").count()).as("settled within the group, not one by one")
                .isEqualTo(fallbacks);
        // applied once: one hold, the money moved once
        assertThat(holds(a)).isEqualTo(1);
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(7_000);
        assertThat(family.balance(q, "PERSONAL")).isEqualTo(8_000);
        // and stored once with its reply: the same command later, alone, gets the same answer and moves nothing
        assertThat(service.handle(first)).isEqualTo(replies.get(0));
        assertThat(Answer.of(service.handle(other)).get("code")).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(7_000);
        assertThat(family.query("SELECT count(*) FROM ledger_command WHERE command_id = ?", rs -> rs.getLong(1), a))
                .containsExactly(1L);
    }

    @Test
    void later_commands_of_a_group_see_what_the_earlier_ones_drew_so_the_balance_and_the_cap_hold_R_SET_2_R_BIND_6() {
        String mother = family.person("孙丽", "310", "320102");
        String child = family.person("孙小", "390", "320102");
        family.credit(mother, 20_000);
        var byMother = cap(mother, "CHILD", 9_000, 5_000, 1);
        family.plan(child, 1, byMother);
        // three bills of 4,000 each: the cap (9,000) lets 4,000 + 4,000 + 1,000 through, the rest is cash
        List<LedgerCommand.Settle> bills = List.of(settle(UUID.randomUUID().toString(), child, 4_000),
                settle(UUID.randomUUID().toString(), child, 4_000), settle(UUID.randomUUID().toString(), child, 4_000));
        List<String> replies = service.settleGroup(bills.stream().map(Pending::of).toList());
        long total = 0;
        for (String reply : replies) {
            Answer r = Answer.of(reply);
            assertThat(r.isOk()).as("%s", r.fields()).isTrue();
            total += r.drawnFen();
        }
        assertThat(total).isEqualTo(9_000);
        assertThat(family.balance(mother, "PERSONAL")).isEqualTo(11_000);
        assertThat(family.query("SELECT used_fen FROM mandate_usage WHERE binding_id = ?", rs -> rs.getLong(1),
                byMother.bindingId())).containsExactly(9_000L);
    }

    @Test
    void a_group_holding_an_id_answered_before_rolls_back_and_runs_one_by_one_each_applied_exactly_once() {
        // the fresh command is at an institution never seen before: the group creates its clearing account, then
        // rolls back, and the account's id must not outlive the rollback (the command alone creates it again)
        LedgerCommand.Institution newcomer = new LedgerCommand.Institution(
                "P" + (100_000_000_000L + (long) (Math.random() * 800_000_000_000L)), "PHARMACY", "320102", true);
        String p = family.person("周杰", "310", "320102");
        family.credit(p, 10_000);
        LedgerCommand.Settle earlier = settle(UUID.randomUUID().toString(), p, 1_000);
        String earlierReply = service.handle(earlier);
        assertThat(Answer.of(earlierReply).isOk()).isTrue();
        double fallbacks = meters.counter("familyaid.ledger.group.fallbacks").count();

        LedgerCommand.Settle fresh = settle(UUID.randomUUID().toString(), p, 2_000, newcomer);
        List<String> replies = service.settleGroup(List.of(Pending.of(fresh), Pending.of(earlier)));

        assertThat(meters.counter("familyaid.ledger.group.fallbacks").count()).as("the group could not commit")
                .isEqualTo(fallbacks + 1);
        assertThat(Answer.of(replies.get(0)).isOk()).as("%s", replies.get(0)).isTrue();
        assertThat(Answer.of(replies.get(0)).drawnFen()).isEqualTo(2_000);
        assertThat(family.query("SELECT balance FROM account WHERE code = ?", rs -> rs.getLong(1),
                "CLEARING:" + newcomer.fixmedinsCode())).containsExactly(2_000L);
        assertThat(replies.get(1)).isEqualTo(earlierReply);
        assertThat(holds(fresh.commandId())).isEqualTo(1);
        assertThat(holds(earlier.commandId())).isEqualTo(1);
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(7_000);
    }
}
