package cn.familyaid.wallet;

import cn.familyaid.wallet.ledger.Ledger;
import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.service.CreditService;
import cn.familyaid.wallet.service.HoldExpirySweep;
import cn.familyaid.wallet.support.Answer;
import cn.familyaid.wallet.support.Commands;
import cn.familyaid.wallet.support.Events;
import cn.familyaid.wallet.support.Family;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static cn.familyaid.wallet.support.Family.all;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races between the paths that touch the same accounts: a death (person.changed) or a binding change
 * (binding.changed) against money moving, and the expiry sweep against new holds. Afterwards the ledger's
 * invariants must hold exactly: balance = replay of ledger_transfer, held = Σ pending legs.
 */
@QuarkusTest
class LedgerRacesTest {
    static final LedgerCommand.Institution HOSPITAL =
            new LedgerCommand.Institution("H32010200009", "HOSPITAL", "320102", true);

    @Inject
    Family family;
    @Inject
    Commands commands;
    @Inject
    CreditService credits;
    @Inject
    Ledger ledger;
    @Inject
    HoldExpirySweep sweep;

    static LedgerCommand holdFor(String beneficiary, long amountFen, boolean useFamily, int expiresIn) {
        return new LedgerCommand.HoldForPlan(UUID.randomUUID().toString(), beneficiary, amountFen, true, useFamily,
                HOSPITAL, "SETL-" + UUID.randomUUID(), expiresIn);
    }

    /** HOLD_FOR_PLAN or SETTLE (one-shot: allocated and posted at once) of the same bill. */
    static LedgerCommand planned(String type, String beneficiary, long amountFen) {
        return LedgerCommand.SETTLE.equals(type)
                ? LedgerCommand.settle(UUID.randomUUID().toString(), beneficiary, amountFen, true, HOSPITAL,
                "SETL-" + UUID.randomUUID(), OffsetDateTime.now().plusMinutes(2).toString())
                : holdFor(beneficiary, amountFen, true, 600);
    }

    /** POST_HOLD or VOID_HOLD of a hold. */
    static LedgerCommand resolve(boolean post, String holdId) {
        String id = UUID.randomUUID().toString();
        return post ? new LedgerCommand.PostHold(id, holdId) : new LedgerCommand.VoidHold(id, holdId);
    }

    /** Accounts of these persons whose balance is not the replay of the transfer log or whose held is not Σ pending legs. */
    List<String> mismatches(String... psnNos) {
        return family.query("""
                SELECT a.psn_no || ' ' || a.kind || ' balance=' || a.balance || ' held=' || a.held FROM account a
                WHERE a.psn_no = ANY(?) AND (
                   a.balance <> coalesce((SELECT sum(amount_fen) FROM ledger_transfer WHERE credit_account_id = a.id), 0)
                              - coalesce((SELECT sum(amount_fen) FROM ledger_transfer WHERE debit_account_id = a.id), 0)
                   OR a.held <> coalesce((SELECT sum(l.amount_fen) FROM hold_leg l JOIN hold h ON h.id = l.hold_id
                                          WHERE l.account_id = a.id AND h.status = 'PENDING'), 0))""",
                rs -> rs.getString(1), (Object) psnNos);
    }

    // ------------------------------------------------------------------ freeze (lost update)

    @Test
    void a_death_while_a_credit_is_in_flight_freezes_without_overwriting_the_balance_R_BIND_10() throws Exception {
        String p = family.person("吴明", "310", "320102");
        family.credit(p, 10_000);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // a credit holds the account's row lock (uncommitted) while the death event arrives
            Future<?> credit = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                long platform = ledger.systemAccount(Ledger.PLATFORM_CREDITS);
                long account = ledger.find(p, "PERSONAL").orElseThrow().id();
                ledger.lock(List.of(platform, account));
                ledger.transfer(Ledger.Movement.of(platform, account, 5_000, "credit", "2026-11",
                        UUID.randomUUID().toString()));
                locked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> death = pool.submit(() -> family.dies(p));
            Thread.sleep(700); // the death reads the account and waits for its row
            release.countDown();
            credit.get(30, TimeUnit.SECONDS);
            death.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(family.account(p, "PERSONAL").status()).isEqualTo("FROZEN");
        assertThat(family.balance(p, "PERSONAL")).as("the credit is not overwritten").isEqualTo(15_000);
        assertThat(mismatches(p)).isEmpty();
    }

    @Test
    void a_death_racing_many_parallel_holds_and_credits_keeps_balance_and_held_exact_R_BIND_10() throws Exception {
        List<String> everyone = new ArrayList<>();
        List<String> dying = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 4; round++) {
                String parent = family.person("李父" + round, "310", "320102");
                String child = family.person("李子" + round, "390", "320102");
                everyone.add(parent);
                everyone.add(child);
                dying.add(parent);
                family.credit(parent, 500_000);
                family.plan(child, 1, all(parent, "CHILD", 0, 1));
                AtomicBoolean running = new AtomicBoolean(true);
                List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < 7; t++) {
                    final int seed = round * 100 + t;
                    workers.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        while (running.get()) {
                            try {
                                int kind = rnd.nextInt(3);
                                if (kind == 0) {
                                    credits.credit(UUID.randomUUID().toString(), parent, 1 + rnd.nextInt(1_000), "2026-11");
                                } else {
                                    // the parent's own bill, or the child's drawing on the parent (mandate), as a
                                    // hold or as a one-shot SETTLE
                                    boolean oneShot = rnd.nextBoolean();
                                    Answer r = commands.handle(planned(oneShot ? "SETTLE" : "HOLD_FOR_PLAN",
                                            kind == 1 ? parent : child, 1 + rnd.nextInt(2_000)));
                                    assertThat(r.isOk()).as("%s", r.fields()).isTrue();
                                    if (!oneShot && rnd.nextBoolean()) {
                                        Answer s = commands.handle(resolve(rnd.nextBoolean(),
                                                (String) r.get("hold_id")));
                                        assertThat(s.isOk() || "ACCOUNT_FROZEN".equals(s.get("code")))
                                                .as("%s", s.fields()).isTrue();
                                    }
                                }
                            } catch (Throwable e) {
                                failures.add(e);
                                return;
                            }
                        }
                    }));
                }
                Thread.sleep(400);
                family.dies(parent);
                Thread.sleep(300);
                running.set(false);
                for (Future<?> w : workers) {
                    w.get(60, TimeUnit.SECONDS);
                }
                assertThat(failures).isEmpty();
                assertThat(family.account(parent, "PERSONAL").status()).isEqualTo("FROZEN");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(mismatches(everyone.toArray(String[]::new))).isEmpty();
        assertThat(family.query("SELECT coalesce(sum(balance), 0) FROM account", rs -> rs.getLong(1))).containsExactly(0L);
    }

    // ------------------------------------------------------------------ closing payout (R-WD-8)

    @Test
    void a_closing_payout_racing_new_holds_leaves_nothing_held_or_stranded_in_the_closed_account_R_WD_8()
            throws Exception {
        String p = family.person("郑四", "310", "320102");
        String child = family.person("郑五", "390", "320102");
        family.credit(p, 1_000_000);
        family.plan(child, 1, all(p, "CHILD", 0, 1));
        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        Answer payout;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                final boolean own = t % 2 == 0;
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        try {
                            Answer r = commands.handle(holdFor(own ? p : child, 500, true, 600));
                            assertThat(r.isOk()).as("%s", r.fields()).isTrue();
                        } catch (Throwable e) {
                            failures.add(e);
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(400);
            Answer wd = commands.handle(new LedgerCommand.HoldWithdrawal(UUID.randomUUID().toString(), p, null,
                    "WD-RACE"));
            assertThat(wd.isOk()).as("%s", wd.fields()).isTrue();
            payout = commands.handle(new LedgerCommand.Payout(UUID.randomUUID().toString(),
                    (String) wd.get("hold_id"), true));
            Thread.sleep(300);
            running.set(false);
            for (Future<?> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(payout.isOk()).as("%s", payout.fields()).isTrue();
        assertThat(((Number) payout.get("paid_fen")).longValue()).isEqualTo(1_000_000);
        var account = family.account(p, "PERSONAL");
        assertThat(account.status()).isEqualTo("CLOSED");
        assertThat(account.balance()).isZero();
        assertThat(account.held()).isZero();
        assertThat(family.query("SELECT count(*) FROM hold_leg l JOIN hold h ON h.id = l.hold_id "
                + "WHERE l.account_id = ? AND h.status = 'PENDING'", rs -> rs.getLong(1), account.id()))
                .containsExactly(0L);
        assertThat(mismatches(p, child)).isEmpty();
    }

    // ------------------------------------------------------------------ expiry sweep (deadlock)

    @Test
    void the_expiry_sweep_never_deadlocks_with_holds_on_the_same_accounts_and_expires_each_hold_once() throws Exception {
        // four funders; one beneficiary whose plan draws on all four (HOLD_FOR_PLAN locks them in ascending id)
        List<String> funders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String f = family.person("共济" + i, "310", "320102");
            family.credit(f, 10_000_000);
            funders.add(f);
        }
        String child = family.person("受益", "390", "320102");
        family.plan(child, 1, all(funders.get(0), "CHILD", 9_000_000, 1), all(funders.get(1), "CHILD", 9_000_000, 2),
                all(funders.get(2), "CHILD", 9_000_000, 3), all(funders.get(3), "CHILD", 9_000_000, 4));
        long deadlocksBefore = deadlocks();
        // while the beneficiary's holds run, short holds on the funders' own accounts keep expiring in descending
        // account order: a sweep that locks hold by hold in one transaction would hold a higher account while
        // waiting for a lower one, and HOLD_FOR_PLAN holds the lower one while waiting for the higher one
        long until = System.currentTimeMillis() + 6_000;
        List<String> shortHolds = Collections.synchronizedList(new ArrayList<>());
        List<Answer> replies = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                tasks.add(pool.submit(() -> {
                    while (System.currentTimeMillis() < until) {
                        replies.add(commands.handle(holdFor(child, 1_000, true, 1)));
                    }
                }));
            }
            tasks.add(pool.submit(() -> {
                for (int i = 0; System.currentTimeMillis() < until; i++) {
                    Answer r = commands.handle(holdFor(funders.get(3 - i % 4), 100, false, 1));
                    replies.add(r);
                    if (r.isOk()) {
                        shortHolds.add((String) r.get("hold_id"));
                    }
                }
            }));
            tasks.add(pool.submit(() -> {
                while (System.currentTimeMillis() < until) {
                    try {
                        sweep.sweepOnce();
                        Thread.sleep(20);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
            for (Future<?> f : tasks) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(replies).isNotEmpty().allSatisfy(r -> assertThat(r.isOk()).as("%s", r.fields()).isTrue());
        assertThat(failures).isEmpty();
        // drain: every hold expires, exactly once, and releases exactly its money
        Events.await("every hold expired", () -> {
            sweep.sweepOnce();
            return family.query("SELECT count(*) FROM hold WHERE status = 'PENDING' AND psn_no = ANY(?)",
                    rs -> rs.getLong(1), (Object) concat(funders, child)).get(0) == 0;
        });
        assertThat(family.query("SELECT count(*) FROM hold WHERE id = ANY(?::uuid[]) AND status = 'EXPIRED'",
                rs -> rs.getLong(1), (Object) shortHolds.toArray(String[]::new)))
                .containsExactly((long) shortHolds.size());
        assertThat(family.query("SELECT count(*) FROM hold WHERE status <> 'EXPIRED' AND psn_no = ANY(?)",
                rs -> rs.getLong(1), (Object) concat(funders, child))).containsExactly(0L);
        for (String f : funders) {
            assertThat(family.held(f, "PERSONAL")).isZero();
            assertThat(family.balance(f, "PERSONAL")).isEqualTo(10_000_000);
        }
        assertThat(mismatches(concat(funders, child))).isEmpty();
        assertThat(deadlocksAfter(deadlocksBefore)).as("deadlocks in the database").isEqualTo(deadlocksBefore);
    }

    static String[] concat(List<String> list, String one) {
        List<String> out = new ArrayList<>(list);
        out.add(one);
        return out.toArray(String[]::new);
    }

    long deadlocks() {
        return family.query("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()",
                rs -> rs.getLong(1)).get(0);
    }

    /** The deadlock counter once other backends had time to flush their statistics (within ~10 s when idle). */
    long deadlocksAfter(long before) throws InterruptedException {
        long now = deadlocks();
        for (int i = 0; i < 110 && now == before; i++) {
            Thread.sleep(100);
            now = deadlocks();
        }
        return now;
    }

    // ------------------------------------------------------------------ unbinding (R-BIND-8)

    @ParameterizedTest
    @ValueSource(strings = {"HOLD_FOR_PLAN", "SETTLE"})
    void once_an_unbind_has_committed_no_hold_draws_on_that_funder_R_BIND_8(String type) throws Exception {
        String child = family.person("张小", "390", "320102");
        String mother = family.person("王芳", "310", "320102");
        family.credit(mother, 100_000);
        family.plan(child, 1, all(mother, "CHILD", 0, 1));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // something else holds the mother's account (e.g. her own settlement) while the child's hold starts
            Future<?> blocker = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                ledger.lock(List.of(ledger.find(mother, "PERSONAL").orElseThrow().id()));
                locked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Answer> hold = pool.submit(() -> commands.handle(planned(type, child, 5_000)));
            Thread.sleep(500); // the hold has read the plan and waits for the mother's account
            Future<?> unbind = pool.submit(() -> family.plan(child, 2)); // the mother unbinds: no funder left
            Thread.sleep(700);
            boolean unbindCommittedWhileHoldWaited = unbind.isDone();
            release.countDown();
            blocker.get(30, TimeUnit.SECONDS);
            Answer r = hold.get(30, TimeUnit.SECONDS);
            unbind.get(30, TimeUnit.SECONDS);
            assertThat(r.isOk()).isTrue();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> legs = (List<Map<String, Object>>) r.get("legs");
            boolean drewOnMother = legs.stream().anyMatch(l -> mother.equals(l.get("psn_no")));
            assertThat(unbindCommittedWhileHoldWaited && drewOnMother)
                    .as("a hold drew on the mother after her unbind had committed (legs %s)", legs).isFalse();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        Answer after = commands.handle(planned(type, child, 5_000));
        assertThat((List<?>) after.get("legs")).as("no new hold draws on the unbound funder").isEmpty();
        assertThat(mismatches(child, mother)).isEmpty();
    }
}
