package cn.familyaid.wallet;

import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.problem.RuleViolation;
import cn.familyaid.wallet.service.CreditService;
import cn.familyaid.wallet.service.TransferService;
import cn.familyaid.wallet.support.Answer;
import cn.familyaid.wallet.support.Commands;
import cn.familyaid.wallet.support.Family;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.familyaid.wallet.support.Family.all;
import static cn.familyaid.wallet.support.Family.cap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One family, many threads: settlements (one-shot SETTLE, hold → post | void, and refunds of posted ones), cross-province wallet
 * transfers, monthly credits (with replayed request ids) and replayed ledger commands, all at once on the same
 * accounts. Afterwards the ledger's invariants must hold exactly (TigerBeetle-style simulation).
 */
@QuarkusTest
class LedgerConcurrencyTest {
    static final int OPERATIONS = 2_000;
    static final int THREADS = 16;

    @Inject
    Family family;
    @Inject
    Commands commands;
    @Inject
    TransferService transfers;
    @Inject
    CreditService credits;

    record Posted(String beneficiary, String holdId) {
    }

    @Test
    void many_concurrent_settlements_transfers_and_credits_keep_every_invariant_R_SET_2_R_BIND_6_R_WAL_6() throws Exception {
        String mother = family.person("王芳", "310", "320102");
        String father = family.person("李强", "310", "320104");
        String son = family.person("李明", "310", "320102");
        String daughter = family.person("李梅", "390", "440305");
        family.openRegion("320102");
        family.wallet(daughter, "440305");
        family.kin(son, daughter, "SIBLING");
        family.credit(mother, 200_000);
        family.credit(father, 100_000);
        family.credit(son, 20_000);
        var sonByMother = cap(mother, "CHILD", 50_000, 10_000, 1);
        var sonByFather = all(father, "CHILD", 20_000, 2);
        var daughterByMother = cap(mother, "CHILD", 30_000, 10_000, 1);
        var daughterByFather = all(father, "CHILD", 20_000, 2);
        family.plan(son, 1, sonByMother, sonByFather);
        family.plan(daughter, 1, daughterByMother, daughterByFather);
        Map<String, Long> caps = Map.of(sonByMother.bindingId(), 50_000L, daughterByMother.bindingId(), 30_000L);
        Map<String, Long> retained = Map.of(mother, 10_000L, father, 20_000L);

        ConcurrentLinkedQueue<Posted> posted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Map.Entry<LedgerCommand, Map<String, Object>>> answered = new ConcurrentLinkedQueue<>();
        List<String> creditIds = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> violations = Collections.synchronizedList(new ArrayList<>());

        // a watcher reads the funders while everything runs: available never drops below the retained minimum
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                for (var r : retained.entrySet()) {
                    var a = family.account(r.getKey(), "PERSONAL");
                    if (a.available() < r.getValue()) {
                        violations.add("retained minimum crossed: " + a);
                    }
                }
            }
        });
        watcher.start();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < OPERATIONS; i++) {
            final int n = i;
            futures.add(pool.submit(() -> {
                Random rnd = new Random(n);
                int kind = rnd.nextInt(100);
                try {
                    if (kind < 15) {
                        // a one-shot settlement: allocated and posted in one ledger transaction
                        String beneficiary = rnd.nextBoolean() ? son : daughter;
                        boolean walletHere = rnd.nextBoolean();
                        LedgerCommand settle = LedgerCommand.settle(UUID.randomUUID().toString(), beneficiary,
                                1 + rnd.nextInt(6_000), rnd.nextInt(10) > 0,
                                new LedgerCommand.Institution("H" + rnd.nextInt(3), "HOSPITAL",
                                        walletHere ? "440305" : "320102", true),
                                "SETL-" + n, OffsetDateTime.now().plusMinutes(5).toString());
                        Answer r = commands.handle(settle);
                        answered.add(Map.entry(settle, r.fields()));
                        assertThat(r.isOk()).as("settle %s", r.fields()).isTrue();
                        posted.add(new Posted(beneficiary, (String) r.get("hold_id")));
                        applied.incrementAndGet();
                    } else if (kind < 45) {
                        String beneficiary = rnd.nextBoolean() ? son : daughter;
                        boolean walletHere = rnd.nextBoolean();
                        LedgerCommand hold = new LedgerCommand.HoldForPlan(UUID.randomUUID().toString(),
                                beneficiary, (long) (1 + rnd.nextInt(6_000)), true, rnd.nextInt(10) > 0,
                                new LedgerCommand.Institution("H" + rnd.nextInt(3), "HOSPITAL",
                                        walletHere ? "440305" : "320102", true),
                                "SETL-" + n, 600);
                        Answer r = commands.handle(hold);
                        answered.add(Map.entry(hold, r.fields()));
                        assertThat(r.isOk()).as("hold %s", r.fields()).isTrue();
                        String holdId = (String) r.get("hold_id");
                        boolean post = rnd.nextInt(5) > 0;
                        String secondId = UUID.randomUUID().toString();
                        LedgerCommand second = post ? new LedgerCommand.PostHold(secondId, holdId)
                                : new LedgerCommand.VoidHold(secondId, holdId);
                        Answer s = commands.handle(second);
                        answered.add(Map.entry(second, s.fields()));
                        assertThat(s.isOk()).as("%s", s.fields()).isTrue();
                        if (post) {
                            posted.add(new Posted(beneficiary, holdId));
                        }
                        applied.incrementAndGet();
                    } else if (kind < 55) {
                        Posted p = posted.poll();
                        if (p != null) {
                            LedgerCommand refund = new LedgerCommand.RefundHold(UUID.randomUUID().toString(),
                                    p.holdId());
                            Answer r = commands.handle(refund);
                            answered.add(Map.entry(refund, r.fields()));
                            assertThat(r.isOk()).as("%s", r.fields()).isTrue();
                            applied.incrementAndGet();
                        }
                    } else if (kind < 75) {
                        transfers.transfer(UUID.randomUUID().toString(), son, "PERSONAL", daughter, "李梅",
                                1 + rnd.nextInt(3_000));
                        applied.incrementAndGet();
                    } else if (kind < 92) {
                        String to = List.of(mother, father, son).get(rnd.nextInt(3));
                        String rid = UUID.randomUUID().toString();
                        creditIds.add(rid);
                        long amount = 1 + rnd.nextInt(10_000);
                        credits.credit(rid, to, amount, "2026-11");
                        if (rnd.nextInt(4) == 0) {
                            credits.credit(rid, to, amount, "2026-11"); // a replayed request id
                        }
                        applied.incrementAndGet();
                    } else {
                        var earlier = answered.peek();
                        if (earlier != null) {
                            Answer again = commands.handle(earlier.getKey());
                            assertThat(again.fields()).as("replayed command").isEqualTo(earlier.getValue());
                        }
                    }
                } catch (RuleViolation e) {
                    // a refusal (e.g. the son's balance is spent) writes nothing; the invariants below prove it
                    assertThat(e.code).isIn("INSUFFICIENT_BALANCE");
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        running.set(false);
        watcher.join();
        assertThat(violations).isEmpty();
        assertThat(applied.get()).isGreaterThan(OPERATIONS / 2);
        // the simulation really exercised every path (not an assert-nothing run)
        for (String status : List.of("POSTED", "VOIDED", "REFUNDED")) {
            assertThat(family.query("SELECT count(*) FROM hold WHERE status = ? AND psn_no IN (?, ?)",
                    rs -> rs.getLong(1), status, son, daughter).get(0)).as(status).isPositive();
        }
        assertThat(family.query("SELECT count(*) FROM hold_leg l JOIN hold h ON h.id = l.hold_id WHERE h.psn_no IN (?, ?) "
                + "AND l.binding_id IS NOT NULL", rs -> rs.getLong(1), son, daughter).get(0)).as("funder legs").isPositive();
        assertThat(family.query("SELECT count(*) FROM wallet_transfer WHERE from_psn_no = ?", rs -> rs.getLong(1), son)
                .get(0)).as("transfers").isPositive();

        // conservation over ALL accounts: every transfer debits one and credits another
        long all = family.query("SELECT coalesce(sum(balance), 0) FROM account", rs -> rs.getLong(1)).get(0);
        assertThat(all).isZero();
        // the family's money = credits in − money out (settlement clearing + payouts)
        long persons = family.query("SELECT coalesce(sum(balance), 0) FROM account WHERE psn_no = ANY(?)",
                rs -> rs.getLong(1), (Object) new String[]{mother, father, son, daughter}).get(0);
        long creditsIn = family.query("SELECT coalesce(sum(t.amount_fen), 0) FROM ledger_transfer t JOIN account c "
                        + "ON c.id = t.credit_account_id WHERE t.reason = 'credit' AND c.psn_no = ANY(?)",
                rs -> rs.getLong(1), (Object) new String[]{mother, father, son, daughter}).get(0);
        long settledOut = family.query("SELECT coalesce(sum(CASE WHEN t.reason = 'settlement' THEN t.amount_fen "
                        + "ELSE -t.amount_fen END), 0) FROM ledger_transfer t JOIN hold h ON h.id = t.hold_id "
                        + "WHERE h.psn_no IN (?, ?) AND t.reason IN ('settlement', 'reversal')",
                rs -> rs.getLong(1), son, daughter).get(0);
        assertThat(persons).isEqualTo(creditsIn - settledOut);

        // replaying the transfer log rebuilds every balance exactly; held = the pending legs
        List<String> mismatches = family.query("""
                SELECT a.id FROM account a
                WHERE a.balance <> coalesce((SELECT sum(amount_fen) FROM ledger_transfer WHERE credit_account_id = a.id), 0)
                                  - coalesce((SELECT sum(amount_fen) FROM ledger_transfer WHERE debit_account_id = a.id), 0)
                   OR a.held <> coalesce((SELECT sum(l.amount_fen) FROM hold_leg l JOIN hold h ON h.id = l.hold_id
                                          WHERE l.account_id = a.id AND h.status = 'PENDING'), 0)""",
                rs -> rs.getString(1));
        assertThat(mismatches).isEmpty();
        // no person balance negative, nothing held beyond the balance (the CHECKs held too)
        assertThat(family.query("SELECT count(*) FROM account WHERE kind <> 'SYSTEM' AND (balance < 0 OR held > balance)",
                rs -> rs.getLong(1))).containsExactly(0L);
        // no cap crossed: what each mandate paid and holds is below its cap and equals its legs
        for (var c : caps.entrySet()) {
            long legs = family.query("SELECT coalesce(sum(l.amount_fen), 0) FROM hold_leg l JOIN hold h ON h.id = l.hold_id "
                    + "WHERE l.binding_id = ? AND h.status IN ('PENDING', 'POSTED')", rs -> rs.getLong(1), c.getKey()).get(0);
            long used = family.query("SELECT used_fen FROM mandate_usage WHERE binding_id = ?", rs -> rs.getLong(1),
                    c.getKey()).get(0);
            assertThat(used).isEqualTo(legs).isLessThanOrEqualTo(c.getValue());
        }
        for (var r : retained.entrySet()) {
            assertThat(family.account(r.getKey(), "PERSONAL").available()).isGreaterThanOrEqualTo(r.getValue());
        }
        // every request id applied once
        assertThat(family.query("SELECT request_id FROM ledger_transfer WHERE reason IN ('credit', 'transfer') "
                + "GROUP BY request_id HAVING count(*) > 1", rs -> rs.getString(1))).isEmpty();
        assertThat(family.query("SELECT count(*) FROM ledger_transfer WHERE reason = 'credit' AND request_id = ANY(?)",
                rs -> rs.getLong(1), (Object) creditIds.toArray(String[]::new))).containsExactly((long) creditIds.size());
        // each hold moved its legs exactly once per phase
        assertThat(family.query("""
                SELECT h.id FROM hold h WHERE h.kind = 'PLAN' AND (
                  (SELECT count(*) FROM ledger_transfer t WHERE t.hold_id = h.id AND t.reason = 'settlement')
                    <> CASE WHEN h.status IN ('POSTED', 'REFUNDED') THEN (SELECT count(*) FROM hold_leg l WHERE l.hold_id = h.id) ELSE 0 END
                  OR (SELECT count(*) FROM ledger_transfer t WHERE t.hold_id = h.id AND t.reason = 'reversal')
                    <> CASE WHEN h.status = 'REFUNDED' THEN (SELECT count(*) FROM hold_leg l WHERE l.hold_id = h.id) ELSE 0 END)""",
                rs -> rs.getString(1))).isEmpty();
        // every leg respected the order: own money first (a funder pays only when the own accounts gave all)
        assertThat(family.query("SELECT count(*) FROM hold WHERE kind = 'PLAN' AND held_fen + cash_fen <> amount_fen",
                rs -> rs.getLong(1))).containsExactly(0L);
    }
}
