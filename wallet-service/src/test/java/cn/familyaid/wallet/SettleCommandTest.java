package cn.familyaid.wallet;

import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.messaging.Reply;
import cn.familyaid.wallet.support.Answer;
import cn.familyaid.wallet.support.Commands;
import cn.familyaid.wallet.support.Family;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static cn.familyaid.wallet.support.Family.all;
import static cn.familyaid.wallet.support.Family.cap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SETTLE, the one-shot settlement in one ledger transaction: allocation and posting together, the command id
 * written once with its reply, refused for good after its deadline, and resolved by id after a lost reply.
 */
@QuarkusTest
class SettleCommandTest {
    static final LedgerCommand.Institution PHARMACY =
            new LedgerCommand.Institution("P32010200077", "PHARMACY", "320102", true);

    @Inject
    Family family;
    @Inject
    Commands commands;
    @Inject
    MeterRegistry meters;

    static String inSeconds(long s) {
        return OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(s).toString();
    }

    static LedgerCommand.Settle settle(String beneficiary, long amountFen, String notAfter) {
        return LedgerCommand.settle(UUID.randomUUID().toString(), beneficiary, amountFen, true, PHARMACY,
                "S" + UUID.randomUUID(), notAfter);
    }

    long clearingBalance() {
        return family.query("SELECT coalesce(sum(balance), 0) FROM account WHERE code = ?", rs -> rs.getLong(1),
                "CLEARING:" + PHARMACY.fixmedinsCode()).get(0);
    }

    @Test
    void many_parallel_settles_and_their_duplicates_on_one_family_apply_each_id_once_within_caps_and_minimums_R_SET_2_R_BIND_6()
            throws Exception {
        String mother = family.person("王芳", "310", "320102");
        String father = family.person("李强", "310", "320102");
        String son = family.person("李明", "310", "320102");
        String daughter = family.person("李梅", "390", "320102");
        family.credit(mother, 150_000);
        family.credit(father, 80_000);
        family.credit(son, 10_000);
        var sonByMother = cap(mother, "CHILD", 40_000, 10_000, 1);
        var sonByFather = all(father, "CHILD", 20_000, 2);
        var daughterByMother = cap(mother, "CHILD", 25_000, 10_000, 1);
        var daughterByFather = all(father, "CHILD", 20_000, 2);
        family.plan(son, 1, sonByMother, sonByFather);
        family.plan(daughter, 1, daughterByMother, daughterByFather);
        String[] everyone = {mother, father, son, daughter};
        long before = family.query("SELECT coalesce(sum(balance), 0) FROM account WHERE psn_no = ANY(?)",
                rs -> rs.getLong(1), (Object) everyone).get(0);
        long clearingBefore = clearingBalance();

        int settlements = 300;
        List<LedgerCommand.Settle> sent = new ArrayList<>();
        Random rnd = new Random(7);
        for (int i = 0; i < settlements; i++) {
            // both children draw on both parents' accounts at once (the son first on his own account)
            String who = rnd.nextBoolean() ? son : daughter;
            sent.add(settle(who, 1 + rnd.nextInt(3_000), inSeconds(120)));
        }
        // every command is sent once, some two or three times, all at once from 32 threads
        List<LedgerCommand.Settle> deliveries = new ArrayList<>();
        for (LedgerCommand.Settle c : sent) {
            int copies = 1 + (rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0);
            for (int k = 0; k < copies; k++) {
                deliveries.add(c);
            }
        }
        Collections.shuffle(deliveries, rnd);
        Map<String, List<Map<String, Object>>> replies = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        // what an operator sees meanwhile: commands waiting for a ledger transaction slot
        Gauge queued = meters.find("familyaid.ledger.group.queued").gauge();
        AtomicLong mostQueued = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                mostQueued.accumulateAndGet((long) queued.value(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (LedgerCommand.Settle c : deliveries) {
                futures.add(pool.submit(() -> {
                    Answer r = commands.handle(c);
                    replies.computeIfAbsent(c.commandId(), k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(r.fields());
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            running.set(false);
            sampler.join();
        }

        // the queue was seen, and it drained
        assertThat(mostQueued.get()).isGreaterThan(0);
        assertThat(queued.value()).isZero();
        // the parallel commands really shared transactions (group commit), not only one each
        assertThat(meters.find("familyaid.ledger.group.size").summary().max()).isGreaterThan(1);
        // each id: one answer, however often it was delivered, and it is POSTED
        assertThat(replies).hasSize(settlements);
        long settledOut = 0;
        long cashSeen = 0;
        for (LedgerCommand.Settle c : sent) {
            List<Map<String, Object>> answers = replies.get(c.commandId());
            assertThat(answers).as("answers to %s", c.commandId()).allMatch(a -> a.equals(answers.get(0)));
            Answer r = new Answer(answers.get(0));
            assertThat(r.isOk()).as("%s", r.fields()).isTrue();
            assertThat(r.get("status")).isEqualTo("POSTED");
            long cash = ((Number) r.get("cash_fen")).longValue();
            assertThat(r.drawnFen() + cash).isEqualTo(c.amountFen());
            settledOut += r.drawnFen();
            cashSeen += cash;
        }
        assertThat(cashSeen).as("balances and caps ran out, so the limits were really in play").isPositive();
        // one hold per id, posted with exactly its legs
        assertThat(family.query("SELECT count(*) FROM hold WHERE command_id = ANY(?)", rs -> rs.getLong(1),
                (Object) sent.stream().map(LedgerCommand::commandId).toArray(String[]::new)))
                .containsExactly((long) settlements);
        assertThat(family.query("""
                SELECT h.id FROM hold h WHERE h.command_id = ANY(?) AND (h.status <> 'POSTED'
                   OR h.held_fen <> coalesce((SELECT sum(t.amount_fen) FROM ledger_transfer t
                                              WHERE t.hold_id = h.id AND t.reason = 'settlement'), 0)
                   OR h.held_fen <> coalesce((SELECT sum(l.amount_fen) FROM hold_leg l WHERE l.hold_id = h.id), 0))""",
                rs -> rs.getString(1), (Object) sent.stream().map(LedgerCommand::commandId).toArray(String[]::new)))
                .isEmpty();
        // money conserved: what left the family is what the clearing account received
        long after = family.query("SELECT coalesce(sum(balance), 0) FROM account WHERE psn_no = ANY(?)",
                rs -> rs.getLong(1), (Object) everyone).get(0);
        assertThat(before - after).isEqualTo(settledOut).isEqualTo(clearingBalance() - clearingBefore);
        assertThat(family.query("SELECT coalesce(sum(balance), 0) FROM account", rs -> rs.getLong(1)))
                .containsExactly(0L);
        // no negative balance, nothing held, caps and retained minimums held
        assertThat(family.query("SELECT count(*) FROM account WHERE psn_no = ANY(?) AND (balance < 0 OR held <> 0)",
                rs -> rs.getLong(1), (Object) everyone)).containsExactly(0L);
        for (var c : Map.of(sonByMother.bindingId(), 40_000L, daughterByMother.bindingId(), 25_000L).entrySet()) {
            long legs = family.query("SELECT coalesce(sum(amount_fen), 0) FROM hold_leg WHERE binding_id = ?",
                    rs -> rs.getLong(1), c.getKey()).get(0);
            long used = family.query("SELECT used_fen FROM mandate_usage WHERE binding_id = ?", rs -> rs.getLong(1),
                    c.getKey()).get(0);
            // demand exceeds what the family can give: each cap is used up exactly, never crossed
            assertThat(used).isEqualTo(legs).isEqualTo(c.getValue());
        }
        // the parents gave only what lies above their retained minimums
        assertThat(family.balance(mother, "PERSONAL")).isGreaterThanOrEqualTo(10_000);
        assertThat(family.balance(father, "PERSONAL")).as("the father's money ran out to his minimum")
                .isEqualTo(20_000);
        // replaying the transfer log rebuilds every balance
        assertThat(family.query("""
                SELECT a.id FROM account a WHERE a.psn_no = ANY(?) AND a.balance <>
                    coalesce((SELECT sum(amount_fen) FROM ledger_transfer WHERE credit_account_id = a.id), 0)
                  - coalesce((SELECT sum(amount_fen) FROM ledger_transfer WHERE debit_account_id = a.id), 0)""",
                rs -> rs.getLong(1), (Object) everyone)).isEmpty();
    }

    @Test
    void the_funders_retained_minimum_and_cap_bound_a_settle_exactly_R_BIND_6() {
        String mother = family.person("王芳", "310", "320102");
        String child = family.person("张小", "390", "320102");
        family.credit(mother, 50_000);
        family.plan(child, 1, cap(mother, "CHILD", 30_000, 25_000, 1));
        // the mother may give 25,000 above her minimum, and the cap allows 30,000: 25,000 is drawn, the rest cash
        Answer r = commands.handle(settle(child, 40_000, inSeconds(60)));
        assertThat(r.isOk()).isTrue();
        assertThat(r.drawnFen()).isEqualTo(25_000);
        assertThat(((Number) r.get("cash_fen")).longValue()).isEqualTo(15_000);
        assertThat(family.balance(mother, "PERSONAL")).isEqualTo(25_000);
        // the minimum is reached: nothing more is drawn
        Answer again = commands.handle(settle(child, 100, inSeconds(60)));
        assertThat(again.drawnFen()).isZero();
        assertThat(family.balance(mother, "PERSONAL")).isEqualTo(25_000);
    }

    @Test
    void a_settle_that_reaches_the_ledger_after_its_deadline_is_refused_for_good_and_moves_nothing() {
        String p = family.person("吴明", "310", "320102");
        family.credit(p, 10_000);
        LedgerCommand.Settle late = settle(p, 3_000, inSeconds(-1));
        Answer r = commands.handle(late);
        assertThat(r.isOk()).isFalse();
        assertThat(r.get("code")).isEqualTo(Reply.Code.DEADLINE_PASSED.name());
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
        assertThat(family.query("SELECT count(*) FROM hold WHERE psn_no = ?", rs -> rs.getLong(1), p))
                .containsExactly(0L);
        // the refusal is stored with the id: the same command delivered again (a redelivery) still moves nothing
        assertThat(commands.handle(late).fields()).isEqualTo(r.fields());
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
        // a command without a deadline is refused too
        Answer none = commands.handle(settle(p, 3_000, null));
        assertThat(none.get("code")).isEqualTo(Reply.Code.VALIDATION.name());
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
    }

    @Test
    void a_settle_whose_reply_was_lost_is_resolved_by_id_to_exactly_one_outcome() {
        String p = family.person("赵六", "310", "320102");
        family.credit(p, 10_000);
        long clearing = clearingBalance();
        // executed, but its reply lost: the caller re-sends it by id and learns the posting, then refunds it
        LedgerCommand.Settle c = settle(p, 4_000, inSeconds(30));
        Answer first = commands.handle(c);
        Answer learnt = commands.handle(c);
        assertThat(learnt.fields()).isEqualTo(first.fields());
        String holdId = (String) learnt.get("hold_id");
        assertThat(commands.handle(new LedgerCommand.VoidHold(UUID.randomUUID().toString(), holdId)).get("code"))
                .isEqualTo(Reply.Code.HOLD_NOT_PENDING.name());
        assertThat(commands.handle(new LedgerCommand.RefundHold(UUID.randomUUID().toString(), holdId)).isOk()).isTrue();
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
        assertThat(clearingBalance()).isEqualTo(clearing);
        // the original delivery arriving late is answered from the store: it posts nothing again
        assertThat(commands.handle(c).fields()).isEqualTo(first.fields());
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);

        // never executed: resolving it by id after its deadline stores the refusal, and the late original is refused
        LedgerCommand.Settle lost = LedgerCommand.settle(UUID.randomUUID().toString(), p, 2_000, true, PHARMACY, "S-lost",
                inSeconds(-1));
        assertThat(commands.handle(lost).get("code")).isEqualTo(Reply.Code.DEADLINE_PASSED.name());
        assertThat(commands.handle(lost).get("code")).isEqualTo(Reply.Code.DEADLINE_PASSED.name());
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
        assertThat(family.query("SELECT count(*) FROM ledger_transfer WHERE request_id = ?", rs -> rs.getLong(1),
                lost.commandId())).containsExactly(0L);
    }

    @Test
    void a_settle_id_used_for_another_command_is_refused_and_moves_nothing() {
        String p = family.person("钱七", "310", "320102");
        family.credit(p, 10_000);
        LedgerCommand.Settle c = settle(p, 1_000, inSeconds(30));
        assertThat(commands.handle(c).isOk()).isTrue();
        LedgerCommand.Settle other = LedgerCommand.settle(c.commandId(), p, 2_000, true, PHARMACY, c.reference(),
                c.notAfter().text());
        assertThat(commands.handle(other).get("code")).isEqualTo(Reply.Code.IDEMPOTENCY_CONFLICT.name());
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(9_000);
    }
}
