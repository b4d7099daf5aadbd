package cn.familyaid.wallet.bench;

import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.support.Answer;
import cn.familyaid.wallet.support.Commands;
import cn.familyaid.wallet.support.Family;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static cn.familyaid.wallet.support.Family.all;
import static cn.familyaid.wallet.support.Family.cap;

/**
 * Benchmark of the funding-plan path against the real PostgreSQL: each client repeatedly places a
 * HOLD_FOR_PLAN (own account → funders under a cap and a retained minimum, all rows locked) and posts it
 * (POST_HOLD: transfers to the institution's clearing account), through the same command service the Kafka
 * responder uses (idempotency row, hold, legs, transfers, outbox events). Not part of the test suite (its name
 * does not match the surefire includes, and it runs only with -Dbench=true); run it with
 * {@code wallet-service/bench.sh [clients] [seconds]}, which also runs pgbench on the same server.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class FundingPlanBenchmark {

    @Inject
    Family family;

    @Inject
    Commands commands;

    @Test
    void holds_and_posts_per_second() throws Exception {
        int clients = Integer.getInteger("bench.clients", 8);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int families = Integer.getInteger("bench.families", 200);
        int institutions = Integer.getInteger("bench.institutions", 50);
        List<String> beneficiaries = new ArrayList<>();
        for (int i = 0; i < families; i++) {
            String child = family.person("张小" + i, "310", "320102");
            String mother = family.person("王芳" + i, "310", "320102");
            String father = family.person("张强" + i, "310", "320102");
            family.credit(child, 2_000);
            family.credit(mother, 100_000_000);
            family.credit(father, 100_000_000);
            family.plan(child, 1, cap(mother, "CHILD", 50_000_000, 10_000, 1), all(father, "CHILD", 20_000, 2));
            beneficiaries.add(child);
        }
        System.out.printf("bench: %d families ready, %d clients, %d s (+3 s warm-up)%n", families, clients, seconds);

        List<Long> pairNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> opNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        long warmupEnd = System.nanoTime() + 3_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> runs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            runs.add(pool.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    String b = beneficiaries.get(rnd.nextInt(beneficiaries.size()));
                    long t0 = System.nanoTime();
                    Answer hold = commands.handle(new LedgerCommand.HoldForPlan(UUID.randomUUID().toString(), b,
                            (long) (1_000 + rnd.nextInt(20_000)), true, true,
                            new LedgerCommand.Institution("H" + rnd.nextInt(institutions), "HOSPITAL", "320102", true),
                            "BENCH", 600));
                    long t1 = System.nanoTime();
                    Answer post = commands.handle(new LedgerCommand.PostHold(UUID.randomUUID().toString(),
                            (String) hold.get("hold_id")));
                    long t2 = System.nanoTime();
                    if (!hold.isOk() || !post.isOk()) {
                        failures.incrementAndGet();
                    }
                    if (t0 >= warmupEnd && t2 <= end) {
                        pairNanos.add(t2 - t0);
                        opNanos.add(t1 - t0);
                        opNanos.add(t2 - t1);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get();
        }
        pool.shutdown();
        List<Long> pairs = new ArrayList<>(pairNanos);
        List<Long> ops = new ArrayList<>(opNanos);
        Collections.sort(pairs);
        Collections.sort(ops);
        System.out.println("==================== funding-plan benchmark ====================");
        System.out.printf("clients=%d duration=%ds families=%d institutions=%d failures=%d%n", clients, seconds,
                families, institutions, failures.get());
        System.out.printf("hold+post pairs: %d  -> %.1f pairs/s = %.1f ledger commands (holds+posts)/s%n",
                pairs.size(), pairs.size() / (double) seconds, 2 * pairs.size() / (double) seconds);
        System.out.printf("latency per command (hold or post): p50 %.2f ms  p99 %.2f ms%n", pct(ops, 50), pct(ops, 99));
        System.out.printf("latency per hold+post pair:         p50 %.2f ms  p99 %.2f ms%n", pct(pairs, 50), pct(pairs, 99));
        System.out.println("================================================================");
    }

    static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6;
    }
}
