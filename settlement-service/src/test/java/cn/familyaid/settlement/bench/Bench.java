package cn.familyaid.settlement.bench;

import cn.familyaid.settlement.support.TestStack;
import cn.familyaid.settlement.support.Tokens;
import com.sun.management.OperatingSystemMXBean;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settlement benchmark on self-started parts: a real Kafka broker (in-JVM KRaft), the machine's PostgreSQL
 * (fresh databases settlement_bench / wallet_bench), the OIDC test server, and the two PACKAGED jars
 * (wallet-service = the real ledger, settlement-service) as child processes. Seeds families through the
 * real interfaces (binding-service's events, the wallet's credit/wallet/transfer APIs), then many
 * concurrent institutions settle for many families — own account only, own wallet, two funders (one with
 * a small cap that runs out), reversals — and prints settlements/s, p50/p95/p99, errors, and the money
 * check: Σ balances before − after = Σ settled account money − Σ reversed.
 *
 * <p>Run: {@code settlement-service/bench/run [clients...] } (default 8 32), see the README.
 */
public final class Bench {
    static final String REGION = "320102";
    // HTTP/1.1 keep-alive, one connection per client thread, as wrk and POS terminals do (no h2c upgrade)
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern SETL_ID = Pattern.compile("\"setl_id\":\"([^\"]+)\"");
    static final Pattern ACCT = Pattern.compile("\"acct_pay\":([0-9.]+)");
    static final Pattern WLT = Pattern.compile("\"wlt_pay\":([0-9.]+)");

    record Family(String patient, String name, String certno, boolean wallet) {
    }

    /** An institution's token and when it was signed: test tokens live 5 minutes, a run lasts longer. */
    record Token(String jwt, long signedAt) {
    }

    static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    /** The institution's token, signed again after 4 minutes (a POS terminal refreshes its token the same way). */
    static String institutionToken(String code) {
        long now = System.currentTimeMillis();
        return TOKENS.compute(code, (c, t) -> t == null || now - t.signedAt() > 240_000
                ? new Token(Tokens.institution(c), now) : t).jwt();
    }

    static String walletUrl;
    /** wallet-service's management interface (metrics). */
    static String walletManagement;
    /** settlement-service's management interface (metrics). */
    static String settlementManagement;
    static String settlementUrl;
    static final List<Process> children = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int[] clientCounts = args.length == 0 ? new int[]{8, 32}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.getInteger("bench.seconds", 30);
        int families = Integer.getInteger("bench.families", 400);
        int institutions = Integer.getInteger("bench.institutions", 24);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroy)));

        Map<String, String> oidc = new OidcWiremockTestResource().start();
        String oidcUrl = oidc.get("keycloak.url") + "/realms/quarkus/";
        String kafka = TestStack.bootstrapServers();
        freshDatabase("wallet_bench");
        freshDatabase("settlement_bench");
        walletUrl = launch("wallet", "../wallet-service/target/quarkus-app/quarkus-run.jar", "wallet_bench", kafka, oidcUrl);
        settlementUrl = launch("settlement", "target/quarkus-app/quarkus-run.jar", "settlement_bench", kafka, oidcUrl);
        System.out.printf("stack up: wallet %s, settlement %s, kafka %s%n", walletUrl, settlementUrl, kafka);

        List<String> codes = seedInstitutions(institutions);
        List<Family> fams = seedFamilies(families, kafka);
        Vacuum.startIfAutovacuumOff(List.of("wallet_bench", "settlement_bench"));
        warmUp(clientCounts[0], codes, fams);
        boolean pgbench = pgbenchReady();
        List<String> summary = new ArrayList<>();
        for (int clients : clientCounts) {
            refill();
            Result r = run(clients, seconds, codes, fams, Mode.ONE_SHOT);
            double tps = pgbench ? pgbench(clients) : Double.NaN;
            summary.add(String.format("%d clients: one-shot %.1f/s (p99 %.1f ms, 5xx %d) vs pgbench tpcb-like %.1f tps "
                    + "-> %.1f %%", clients, r.perSecond(), r.p99(), r.serverErrors(), tps, 100 * r.perSecond() / tps));
        }
        int other = Integer.getInteger("bench.other-seconds", Math.max(10, seconds / 2));
        for (Mode m : List.of(Mode.PRE_THEN_SETTLE, Mode.REVERSAL)) {
            refill();
            Result r = run(clientCounts[0], other, codes, fams, m);
            summary.add(String.format("%d clients: %s %.1f/s (p99 %.1f ms, 5xx %d)", clientCounts[0], m.label,
                    r.perSecond(), r.p99(), r.serverErrors()));
        }
        System.out.printf("%n== summary (%s) ==%n", Instant.now());
        summary.forEach(System.out::println);
        for (Process p : children) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /**
     * A fresh JVM spends minutes compiling on 2 cores shared by both services, the broker and the clients (after a
     * 30 s warm-up the three JIT compilers still took a third of the machine). Production runs at the steady
     * state, so the bench warms both services up with the same mix, in rounds of {@code bench.warmup} seconds (60;
     * 0: none), until the JIT compilers take at most {@code bench.warmup-jit} (10 %) of the machine's busy CPU in
     * a round, or {@code bench.warmup-max} seconds (300) have passed. Each block is printed and checked too.
     */
    static void warmUp(int clients, List<String> codes, List<Family> fams) throws Exception {
        int round = Integer.getInteger("bench.warmup", 60);
        if (round <= 0) {
            return;
        }
        double limit = Double.parseDouble(System.getProperty("bench.warmup-jit", "0.10"));
        long until = System.nanoTime() + Duration.ofSeconds(Integer.getInteger("bench.warmup-max", 300)).toNanos();
        for (int n = 1; ; n++) {
            System.out.printf("%nwarm-up round %d (not measured, all three kinds):", n);
            Cpu before = Cpu.read();
            run(clients, round / 3 + 1, codes, fams, Mode.PRE_THEN_SETTLE);
            run(clients, round / 3 + 1, codes, fams, Mode.REVERSAL);
            run(clients, round / 3 + 1, codes, fams, Mode.ONE_SHOT);
            Cpu c = Cpu.read().minus(before);
            double jit = c.busy() == 0 ? 0 : c.jit() / (double) c.busy();
            boolean steady = jit <= limit;
            System.out.printf("warm-up round %d: the JIT compilers took %.0f %% of the busy CPU (steady below %.0f %%)%s%n",
                    n, 100 * jit, 100 * limit, steady ? ": measuring"
                            : System.nanoTime() > until ? ": bench.warmup-max reached, measuring anyway" : "");
            if (steady || System.nanoTime() > until) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ load

    /** What one run measures: one-shot settlements, pre-settlement then settlement pairs, or reversals. */
    enum Mode {
        ONE_SHOT("one-shot settlements"), PRE_THEN_SETTLE("pre-settlement + settlement pairs"),
        REVERSAL("reversals (of a settlement made just before, not timed)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    record Result(double perSecond, double p99, long serverErrors) {
    }

    static Result run(int clients, int seconds, List<String> codes, List<Family> fams, Mode mode) throws Exception {
        long before = personMoney();
        DbCounters dbBefore = DbCounters.read();
        double[] groupsBefore = serviceMetrics();
        Cpu cpuBefore = Cpu.read();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong reversals = new AtomicLong();
        AtomicLong settledFen = new AtomicLong();
        AtomicLong drew = new AtomicLong(); // settlements the accounts paid part of (the rest paid cash only)
        AtomicLong reversedFen = new AtomicLong();
        Map<Integer, AtomicLong> errorCodes = new ConcurrentHashMap<>();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    String code = codes.get(rnd.nextInt(codes.size()));
                    Family f = fams.get(rnd.nextInt(fams.size()));
                    long medfee = 500 + rnd.nextInt(30_000);
                    long fund = medfee * rnd.nextInt(60) / 100;
                    // a national medins_setl_id is at most 30 characters
                    String body = billJson(code, f, medfee, fund, "M" + UUID.randomUUID().toString().replace("-", "").substring(0, 29));
                    long t0 = System.nanoTime();
                    if (mode == Mode.PRE_THEN_SETTLE) {
                        HttpResponse<String> pre = post(settlementUrl + "/api/v1/settlements/pre",
                                institutionToken(code), body.replaceFirst("\"medins_setl_id\":\"[^\"]*\",", ""));
                        if (pre == null || pre.statusCode() != 201) {
                            latencies.add(System.nanoTime() - t0);
                            errors.incrementAndGet();
                            errorCodes.computeIfAbsent(pre == null ? -1 : pre.statusCode(), k -> new AtomicLong())
                                    .incrementAndGet();
                            continue;
                        }
                    }
                    HttpResponse<String> r = post(settlementUrl + "/api/v1/settlements", institutionToken(code), body);
                    if (mode != Mode.REVERSAL) {
                        latencies.add(System.nanoTime() - t0);
                    }
                    if (r == null || r.statusCode() != 201) {
                        errors.incrementAndGet();
                        errorCodes.computeIfAbsent(r == null ? -1 : r.statusCode(), k -> new AtomicLong()).incrementAndGet();
                        continue;
                    }
                    if (mode != Mode.REVERSAL) {
                        ok.incrementAndGet();
                    }
                    long account = fen(ACCT, r.body()) + fen(WLT, r.body());
                    settledFen.addAndGet(account);
                    if (account > 0) {
                        drew.incrementAndGet();
                    }
                    if (mode == Mode.REVERSAL) {
                        long r0 = System.nanoTime();
                        Matcher m = SETL_ID.matcher(r.body());
                        m.find();
                        // a POS retries a reversal that answered 503 until it learns the outcome (the service
                        // finishes an accepted reversal anyway, so not retrying would miscount the money)
                        HttpResponse<String> rev = null;
                        for (int attempt = 0; attempt < 20; attempt++) {
                            rev = post(settlementUrl + "/api/v1/settlements/" + m.group(1) + "/reversal",
                                    institutionToken(code), null);
                            if (rev == null || rev.statusCode() != 503) {
                                break;
                            }
                        }
                        latencies.add(System.nanoTime() - r0);
                        if (rev != null && rev.statusCode() == 200) {
                            ok.incrementAndGet();
                            reversals.incrementAndGet();
                            reversedFen.addAndGet(account);
                        } else {
                            errors.incrementAndGet();
                            errorCodes.computeIfAbsent(rev == null ? -1 : rev.statusCode(), k -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    }
                }
                done.countDown();
            }, "bench-client-" + c);
            t.start();
        }
        done.await();
        // read as the clients stop (the wait below would dilute it), printed with the block's other figures
        Cpu cpu = Cpu.read().minus(cpuBefore);
        // let the resolver release the holds of failed attempts and finish reversals, if any
        Thread.sleep(6_000);
        await("no settlement in flight", () -> settlementLong(
                "SELECT count(*) FROM settlement WHERE status IN ('PENDING','REVERSING') "
                        + "OR (status = 'FAILED' AND hold_state IN ('UNKNOWN','HELD'))") == 0);
        long after = personMoney();
        long recorded = settlementLong("SELECT coalesce(sum(acct_pay_fen + wlt_pay_fen), 0) FROM settlement "
                + "WHERE status = 'COMPLETED'");
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long clearing = walletLong("SELECT coalesce(-sum(balance), 0) FROM account WHERE code LIKE 'CLEARING:%'") * -1;
        System.out.printf("%n== %s, %d clients, %d s ==%n", mode.label, clients, seconds);
        System.out.printf("ok %d (%.1f/s), reversals %d, errors %d %s; the accounts paid part of %.0f %% of the "
                        + "settlements (%.2f yuan each on average), the rest paid cash only%n", ok.get(),
                ok.get() / (double) seconds, reversals.get(), errors.get(), errorCodes,
                ok.get() == 0 ? 0 : 100.0 * drew.get() / ok.get(),
                drew.get() == 0 ? 0 : settledFen.get() / 100.0 / drew.get());
        System.out.printf("latency: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        DbCounters.read().minus(dbBefore).print(mode == Mode.REVERSAL ? "settlement + reversal" : "operation",
                ok.get());
        double[] groupsAfter = serviceMetrics();
        double transactions = groupsAfter[0] - groupsBefore[0];
        if (transactions > 0) {
            System.out.printf("wallet group commit: %.0f SETTLE commands in %.0f transactions (%.2f per transaction), "
                            + "%.0f groups ran again one by one%n", groupsAfter[1] - groupsBefore[1], transactions,
                    (groupsAfter[1] - groupsBefore[1]) / transactions, groupsAfter[2] - groupsBefore[2]);
        }
        System.out.printf("settlement bearer tokens: %.0f answered from the cache, %.0f verified%n",
                groupsAfter[3] - groupsBefore[3], groupsAfter[4] - groupsBefore[4]);
        long net = settledFen.get() - reversedFen.get();
        System.out.printf("money: accounts before %d fen, after %d fen, before-after %d fen; settled %d − reversed %d = %d fen -> %s%n",
                before, after, before - after, settledFen.get(), reversedFen.get(), net,
                before - after == net ? "OK" : "MISMATCH");
        System.out.printf("records: completed settlements hold %d fen of account money, all clearing accounts %d fen -> %s;"
                        + " failed after a late ledger: %d (money released)%n", recorded, clearing,
                recorded == clearing ? "OK" : "MISMATCH",
                settlementLong("SELECT count(*) FROM settlement WHERE status = 'FAILED'"));
        cpu.print(ok.get());
        long serverErrors = errorCodes.entrySet().stream().filter(e -> e.getKey() >= 500 || e.getKey() < 0)
                .mapToLong(e -> e.getValue().get()).sum();
        return new Result(ok.get() / (double) seconds, pct(sorted, 99), serverErrors);
    }

    /**
     * Commits (pg_stat_database) and statements (pg_stat_statements, when the server preloads it) of the two
     * databases. The outbox relays' own statements are counted apart: they are not on the request's path.
     */
    record DbCounters(Map<String, long[]> byDb, Map<String, Long> statements) {
        static final List<String> DBS = List.of("settlement_bench", "wallet_bench");

        static DbCounters read() {
            Map<String, long[]> byDb = new LinkedHashMap<>();
            Map<String, Long> statements = new LinkedHashMap<>();
            try {
                Thread.sleep(1_200); // PostgreSQL flushes its per-backend counters at most once a second
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Connection c = admin("postgres");
                 Statement st = c.createStatement()) {
                for (String db : DBS) {
                    try (ResultSet r = st.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = '"
                            + db + "'")) {
                        byDb.put(db, new long[]{r.next() ? r.getLong(1) : 0});
                    }
                }
                if (statementsTracked(st)) {
                    try (ResultSet r = st.executeQuery("SELECT d.datname, s.query, s.calls FROM pg_stat_statements s "
                            + "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname IN ('settlement_bench', 'wallet_bench')")) {
                        while (r.next()) {
                            statements.merge(r.getString(1) + "\u0000" + r.getString(2), r.getLong(3), Long::sum);
                        }
                    }
                }
            } catch (SQLException e) {
                System.out.println("database counters unavailable: " + e.getMessage());
            }
            return new DbCounters(byDb, statements);
        }

        static boolean statementsTracked(Statement st) {
            try {
                st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            } catch (SQLException e) {
                return false;
            }
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM pg_stat_statements LIMIT 1")) {
                return r.next();
            } catch (SQLException e) {
                return false;
            }
        }

        DbCounters minus(DbCounters before) {
            Map<String, long[]> d = new LinkedHashMap<>();
            byDb.forEach((db, v) -> d.put(db, new long[]{v[0] - before.byDb.getOrDefault(db, new long[1])[0]}));
            Map<String, Long> st = new LinkedHashMap<>();
            statements.forEach((k, v) -> {
                long delta = v - before.statements.getOrDefault(k, 0L);
                if (delta > 0) {
                    st.put(k, delta);
                }
            });
            return new DbCounters(d, st);
        }

        static boolean relay(String query) {
            String q = query.toLowerCase(Locale.ROOT);
            return q.contains("outbox_event") && !q.startsWith("insert");
        }

        static boolean control(String query) {
            String q = query.trim().toLowerCase(Locale.ROOT);
            return q.equals("commit") || q.equals("rollback") || q.startsWith("begin") || q.startsWith("set ")
                    || q.startsWith("show ") || q.equals("select $1") || q.equals("select 1");
        }

        void print(String per, long n) {
            if (n == 0) {
                return;
            }
            for (String db : DBS) {
                String svc = db.replace("_bench", "-service");
                long commits = byDb.getOrDefault(db, new long[1])[0];
                long onPath = 0;
                long relays = 0;
                List<Map.Entry<String, Long>> top = new ArrayList<>();
                for (var e : statements.entrySet()) {
                    String[] k = e.getKey().split("\u0000", 2);
                    if (!k[0].equals(db) || control(k[1])) {
                        continue;
                    }
                    if (relay(k[1])) {
                        relays += e.getValue();
                    } else {
                        onPath += e.getValue();
                        top.add(Map.entry(k[1], e.getValue()));
                    }
                }
                System.out.printf("%s per %s: %.2f commits (all, relays and sweeps included)%s%n", svc, per,
                        commits / (double) n, statements.isEmpty() ? ", statements: pg_stat_statements is not loaded"
                                : String.format(", %.2f statements (outbox relays apart: %.2f)", onPath / (double) n,
                                relays / (double) n));
                top.sort(Map.Entry.<String, Long>comparingByValue().reversed());
                for (var e : top.subList(0, Math.min(12, top.size()))) {
                    if (e.getValue() / (double) n >= 0.05) {
                        System.out.printf("    %6.2f  %s%n", e.getValue() / (double) n,
                                e.getKey().replaceAll("\\s+", " ").substring(0, Math.min(110, e.getKey().replaceAll("\\s+", " ").length())));
                    }
                }
            }
        }
    }

    /**
     * Where the machine's CPU went during a run: each service's process, the in-JVM Kafka broker (this JVM's
     * long-lived threads other than the HTTP clients'), the load itself (the rest of this JVM: the client threads,
     * GC, compiler), PostgreSQL's processes, and the rest of the machine (the kernel's work no process is charged
     * for: loopback traffic, interrupts), from /proc and the JVM's per-thread CPU times.
     */
    record Cpu(long wallet, long settlement, long bench, long broker, long postgres, long jit, long busy,
               long total) {
        static Cpu read() {
            long[] machine = machine();
            long jit = compiling(ProcessHandle.current().pid());
            for (Process p : children) {
                jit += compiling(p.pid());
            }
            return new Cpu(cpu(0), cpu(1), ((OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000,
                    brokerThreads(), postgresProcesses(), jit, machine[0], machine[1]);
        }

        /**
         * CPU milliseconds of a JVM's JIT compiler threads (C1, C2) now running: compiling, not serving. A JVM
         * still spending much here has not reached its steady state.
         */
        static long compiling(long pid) {
            long ticks = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    long[] t = ticks(task, "C1 CompilerThre", "C2 CompilerThre");
                    ticks += t == null ? 0 : t[0] + t[1];
                }
            } catch (IOException e) {
                return 0;
            }
            return ticks * 10;
        }

        /** utime and stime (ticks) of a process or thread whose name starts with one of {@code names}, else null. */
        static long[] ticks(Path proc, String... names) {
            try {
                String stat = Files.readString(proc.resolve("stat"));
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(stat.indexOf('(') + 1, close);
                if (Arrays.stream(names).noneMatch(comm::startsWith)) {
                    return null;
                }
                // after "pid (comm)": state is field 3, utime 14 and stime 15
                String[] f = stat.substring(close + 2).split(" ");
                return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])};
            } catch (IOException | RuntimeException e) {
                return null; // ended while being read
            }
        }

        static long cpu(int child) {
            return children.size() <= child ? 0 : children.get(child).info().totalCpuDuration()
                    .map(Duration::toMillis).orElse(0L);
        }

        /**
         * CPU milliseconds of this JVM's Java threads that outlive a block and are not the load's: the broker's
         * (network, request handlers, log, controller). The JVM's own threads (GC, compiler) are not Java threads
         * and count with the load, so the broker's figure is a floor.
         */
        static long brokerThreads() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long nanos = 0;
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t == null || t.getThreadName().startsWith("bench-")
                        || t.getThreadName().startsWith("HttpClient-")) {
                    continue;
                }
                nanos += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
            return nanos / 1_000_000;
        }

        /** CPU milliseconds (user + system, USER_HZ = 100) of the machine's running PostgreSQL processes. */
        static long postgresProcesses() {
            long ticks = 0;
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    long[] t = ticks(proc, "postgres");
                    ticks += t == null ? 0 : t[0] + t[1];
                }
            } catch (IOException e) {
                return 0;
            }
            return ticks * 10;
        }

        /** Busy and total CPU milliseconds of the machine since boot (USER_HZ = 100). */
        static long[] machine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new long[]{(total - idle) * 10, total * 10};
            } catch (IOException | RuntimeException e) {
                return new long[]{0, 0};
            }
        }

        Cpu minus(Cpu b) {
            return new Cpu(wallet - b.wallet, settlement - b.settlement, bench - b.bench, broker - b.broker,
                    postgres - b.postgres, jit - b.jit, busy - b.busy, total - b.total);
        }

        void print(long operations) {
            if (operations == 0 || total == 0) {
                return;
            }
            double n = operations;
            long load = Math.max(0, bench - broker);
            long rest = busy - wallet - settlement - bench - postgres;
            System.out.printf("cpu: machine %.0f %% busy; per operation %.1f ms: settlement-service %.1f ms, "
                            + "wallet-service %.1f ms, Kafka broker (in the bench JVM) %.1f ms, PostgreSQL %.1f ms, "
                            + "the load (HTTP clients, this JVM's GC) %.1f ms, the rest (kernel) %.1f ms; "
                            + "of all this, the three JVMs' JIT compilers %.1f ms%n",
                    100.0 * busy / total, busy / n, settlement / n, wallet / n, broker / n, postgres / n, load / n,
                    rest / n, jit / n);
        }
    }

    /**
     * Production runs PostgreSQL with autovacuum on (CloudNativePG's default); a server with it off (this machine's
     * CI configuration) never analyzes the bench's fresh tables, so every plan stays the one made for an empty
     * table (the outbox relay's UPDATE by id became a sequential scan of the whole, growing outbox: 3.4 ms a call
     * instead of 0.07) and dead rows pile up. Then the bench stands in for it: every {@code bench.vacuum-seconds}
     * (60, autovacuum's default naptime) it vacuums and analyzes each table of its two databases past autovacuum's
     * default thresholds (dead rows over 50 + 20 % of the live ones; changes since the last analyze over 50 + 10 %),
     * its CPU counted with PostgreSQL's as autovacuum's would be.
     */
    static final class Vacuum {
        static void startIfAutovacuumOff(List<String> databases) throws SQLException {
            try (Connection c = admin("postgres");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW autovacuum")) {
                rs.next();
                if (!"off".equals(rs.getString(1))) {
                    System.out.println("autovacuum is on: PostgreSQL vacuums and analyzes the bench's tables itself");
                    return;
                }
            }
            long every = Integer.getInteger("bench.vacuum-seconds", 60) * 1000L;
            System.out.printf("autovacuum is off on this server: every %d s the bench vacuums and analyzes the tables "
                    + "of %s that autovacuum would (production has it on)%n", every / 1000, databases);
            for (String db : databases) {
                try (Connection c = admin(db);
                     Statement s = c.createStatement()) {
                    s.execute("VACUUM (ANALYZE)"); // after seeding: the plans start from real statistics
                }
            }
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(every);
                        for (String db : databases) {
                            due(db);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (SQLException e) {
                        System.out.println("vacuum failed: " + e.getMessage());
                    }
                }
            }, "bench-vacuum");
            t.setDaemon(true);
            t.start();
        }

        /** Vacuums and analyzes the tables of {@code db} past autovacuum's default thresholds. */
        static void due(String db) throws SQLException {
            try (Connection c = admin(db);
                 Statement s = c.createStatement()) {
                List<String> work = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT quote_ident(schemaname) || '.' || quote_ident(relname), "
                        + "n_dead_tup > 50 + 0.2 * n_live_tup, n_mod_since_analyze > 50 + 0.1 * n_live_tup "
                        + "FROM pg_stat_user_tables")) {
                    while (rs.next()) {
                        boolean vacuum = rs.getBoolean(2);
                        boolean analyze = rs.getBoolean(3);
                        if (vacuum || analyze) {
                            work.add((vacuum && analyze ? "VACUUM (ANALYZE) " : vacuum ? "VACUUM " : "ANALYZE ")
                                    + rs.getString(1));
                        }
                    }
                }
                for (String w : work) {
                    s.execute(w);
                }
            }
        }
    }

    // ------------------------------------------------------------------ the anchor

    static boolean pgbenchReady() {
        try {
            try (Connection c = admin("postgres");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS pgbench_scratch WITH (FORCE)");
                s.execute("CREATE DATABASE pgbench_scratch");
            }
            Process p = new ProcessBuilder("pgbench", "-q", "-i", "-s", "10", "-h", "127.0.0.1", "-U", "postgres",
                    "pgbench_scratch").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException | SQLException | InterruptedException e) {
            System.out.println("pgbench not available (" + e.getMessage() + "): no anchor");
            return false;
        }
    }

    /** {@code pgbench -b tpcb-like} at this client count on the same server, right after the run; its tps. */
    static double pgbench(int clients) throws Exception {
        String seconds = System.getProperty("bench.pgbench-seconds", "20");
        Process p = new ProcessBuilder("pgbench", "-b", "tpcb-like", "-c", Integer.toString(clients), "-j", "2", "-T",
                seconds, "-h", "127.0.0.1", "-U", "postgres", "pgbench_scratch").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Matcher m = Pattern.compile("tps = ([0-9.]+)").matcher(out);
        Matcher lat = Pattern.compile("latency average = ([0-9.]+ ms)").matcher(out);
        double tps = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        System.out.printf("pgbench -b tpcb-like -c %d -j 2 -T %s (scale 10), right after: %.1f tps, latency average %s%n",
                clients, seconds, tps, lat.find() ? lat.group(1) : "?");
        return tps;
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static long fen(Pattern p, String body) {
        Matcher m = p.matcher(body);
        return m.find() ? new BigDecimal(m.group(1)).movePointRight(2).longValueExact() : 0;
    }

    static String billJson(String code, Family f, long medfee, long fund, String medinsSetlId) {
        boolean pharmacy = code.startsWith("Y");
        return """
                {"medins_setl_id":"%s","fixmedins_code":"%s","psn_no":"%s","mdtrt_cert_type":"02","mdtrt_cert_no":"%s",
                 "insutype":"310","med_type":"%s","medfee_sumamt":%s,"fund_pay_sumamt":%s,"acct_used_flag":"1",
                 "mdtrtarea_admvs":"%s"}""".formatted(medinsSetlId, code, f.patient(), f.certno(),
                pharmacy ? "41" : "11", BigDecimal.valueOf(medfee, 2), BigDecimal.valueOf(fund, 2), REGION);
    }

    // ------------------------------------------------------------------ seeding

    static List<String> seedInstitutions(int n) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean pharmacy = i % 3 == 2;
            String code = (pharmacy ? "Y" : "H") + String.format("B%05d", i);
            String body = """
                    {"fixmedins_name":"bench %d","fixmedins_type":"%s","admdvs":"%s","wallet_enabled":%s}"""
                    .formatted(i, pharmacy ? "PHARMACY" : "HOSPITAL", REGION, i % 2 == 0);
            must(put(settlementUrl + "/api/v1/institutions/" + code, Tokens.platform(REGION), body), 201);
            codes.add(code);
        }
        return codes;
    }

    /**
     * Families of kinds (by index): 0 own account only; 1 own wallet topped up by a relative plus own account;
     * 2 two funders (mother with a small cap that runs out, father sharing all above a retained minimum);
     * 3 little own money and one capped funder (caps exhausted quickly).
     */
    static List<Family> seedFamilies(int n, String kafka) throws Exception {
        Random rnd = new Random(42);
        must(put(walletUrl + "/api/v1/wallet-regions/" + REGION, Tokens.platform(REGION), "{\"open\":true}"), 200);
        List<Family> fams = new ArrayList<>();
        List<String> everyone = new ArrayList<>();
        try (KafkaProducer<String, String> events = new KafkaProducer<>(TestStack.asAdmin(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())))) {
            List<String[]> plans = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int kind = i % 4;
                String p = String.format("BP%06d", i);
                String certno = String.format("3201021980%08d", i);
                person(events, p, "病人" + i, certno);
                everyone.add(p);
                Family f = new Family(p, "病人" + i, certno, kind == 1);
                fams.add(f);
                if (kind == 1 || kind == 2 || kind == 3) {
                    String m = String.format("BM%06d", i);
                    person(events, m, "母亲" + i, String.format("3201021950%08d", i));
                    everyone.add(m);
                    kin(events, p, m, "PARENT");
                    kin(events, m, p, "CHILD");
                    if (kind == 2) {
                        String fa = String.format("BF%06d", i);
                        person(events, fa, "父亲" + i, String.format("3201021951%08d", i));
                        everyone.add(fa);
                        kin(events, p, fa, "PARENT");
                        kin(events, fa, p, "CHILD");
                        plans.add(new String[]{p, m, "CAP", "20000", "0", fa, "ALL", null, "50000"});
                    } else if (kind == 3) {
                        plans.add(new String[]{p, m, "CAP", "5000", "0"});
                    }
                }
            }
            events.flush();
            // both services must know everyone before money moves
            await("persons known", () -> walletLong("SELECT count(*) FROM account WHERE kind = 'PERSONAL'") >= everyone.size()
                    && settlementLong("SELECT count(*) FROM insured_person") >= n);
            for (String[] plan : plans) {
                StringBuilder fs = new StringBuilder();
                fs.append(funder(plan[1], plan[2], plan[3], plan[4], 1));
                if (plan.length > 5) {
                    fs.append(',').append(funder(plan[5], plan[6], plan[7], plan[8], 2));
                }
                String data = "{\"beneficiary_psn_no\":\"" + plan[0] + "\",\"version\":1,\"funders\":[" + fs + "]}";
                events.send(new ProducerRecord<>("binding.changed", plan[0], envelope("binding.changed", plan[0], data)));
            }
            events.flush();
        }
        for (String psn : everyone) {
            // enough that a 30 s block at a few hundred settlements a second still draws on the accounts (a
            // family settles about twenty times in it), except the families with little own money and a small cap
            long fen = psn.startsWith("BP") ? (Integer.parseInt(psn.substring(2)) % 4 == 3 ? 2_000 : 400_000 + rnd.nextInt(2_000_000))
                    : 1_000_000 + rnd.nextInt(4_000_000);
            credit(psn, "seed-" + psn, fen);
            SEEDED.put(psn, fen);
        }
        for (Family f : fams) {
            if (f.wallet()) {
                must(post(walletUrl + "/api/v1/wallets", Tokens.person(f.patient()),
                        "{\"psn_no\":\"" + f.patient() + "\",\"admdvs\":\"" + REGION + "\",\"phone\":\"13800138000\"}"), 201);
                String mother = "BM" + f.patient().substring(2);
                must(post(walletUrl + "/api/v1/transfers", Tokens.personStepUp(mother),
                        "{\"transfer_id\":\"seed-" + f.patient() + "\",\"from_psn_no\":\"" + mother + "\",\"source\":\"PERSONAL\","
                                + "\"to_psn_no\":\"" + f.patient() + "\",\"to_psn_name\":\"" + f.name() + "\",\"amount\":300.00}"), 201);
            }
        }
        await("funding plans applied", () -> walletLong("SELECT count(*) FROM funding_plan") >= n / 2);
        System.out.printf("seeded %d families (%d persons), money in person accounts %d fen%n", n, everyone.size(),
                personMoney());
        return fams;
    }

    /** What each person's personal account was seeded with (fen), for {@link #refill}. */
    static final Map<String, Long> SEEDED = new LinkedHashMap<>();
    static int refills;

    static void credit(String psn, String requestId, long fen) {
        must(post(walletUrl + "/api/v1/accounts/" + psn + "/credits", Tokens.platform(REGION),
                "{\"request_id\":\"" + requestId + "\",\"amount\":" + BigDecimal.valueOf(fen, 2)
                        + ",\"period\":\"2026-11\"}"), 201);
    }

    /**
     * Credits every personal account back up to what it was seeded with (not measured), so that a measured block
     * draws on accounts and funders as the first one did: the warm-up alone settles more than the families have.
     * The caps used stay used (a capped funder that ran out stays out).
     */
    static void refill() throws SQLException {
        refills++;
        Map<String, Long> now = new HashMap<>();
        try (Connection c = admin("wallet_bench");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT psn_no, balance FROM account WHERE kind = 'PERSONAL'")) {
            while (rs.next()) {
                now.put(rs.getString(1), rs.getLong(2));
            }
        }
        long total = 0;
        for (Map.Entry<String, Long> e : SEEDED.entrySet()) {
            long missing = e.getValue() - now.getOrDefault(e.getKey(), e.getValue());
            if (missing > 0) {
                credit(e.getKey(), "refill-" + refills + "-" + e.getKey(), missing);
                total += missing;
            }
        }
        System.out.printf("%nrefilled the personal accounts to their seeded balances: %d fen credited%n", total);
    }

    static String funder(String psn, String mode, String cap, String retained, int order) {
        return "{\"binding_id\":\"B-" + psn + "\",\"funder_psn_no\":\"" + psn + "\",\"relation\":\"CHILD\",\"share_mode\":\""
                + mode + "\",\"cap_fen\":" + cap + ",\"retained_min_fen\":" + retained + ",\"order\":" + order + "}";
    }

    static void person(KafkaProducer<String, String> events, String psn, String name, String certno) {
        String data = "{\"psn_no\":\"" + psn + "\",\"psn_name\":\"" + name + "\",\"psn_cert_type\":\"01\",\"certno\":\""
                + certno + "\",\"insutype\":\"310\",\"psn_insu_stas\":\"1\",\"insuplc_admdvs\":\"" + REGION
                + "\",\"death_date\":null,\"version\":1}";
        events.send(new ProducerRecord<>("person.changed", psn, envelope("person.changed", psn, data)));
    }

    static void kin(KafkaProducer<String, String> events, String psn, String relative, String relation) {
        String data = "{\"psn_no\":\"" + psn + "\",\"relative_psn_no\":\"" + relative + "\",\"relation\":\"" + relation
                + "\",\"active\":true}";
        events.send(new ProducerRecord<>("kinship.changed", psn, envelope("kinship.changed", psn, data)));
    }

    static String envelope(String type, String key, String data) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"schema_version\":1,\"occurred_at\":\""
                + Instant.now() + "\",\"key\":\"" + key + "\",\"data\":" + data + "}";
    }

    // ------------------------------------------------------------------ plumbing

    static long personMoney() {
        return walletLong("SELECT coalesce(sum(balance), 0) FROM account WHERE kind IN ('PERSONAL', 'WALLET')");
    }

    /**
     * wallet-service's group-commit metrics (transactions, SETTLE commands in them, fallbacks), then
     * settlement-service's bearer tokens (answered from its cache, verified).
     */
    static double[] serviceMetrics() {
        double[] out = new double[5];
        metrics(walletManagement, out, 0, "familyaid_ledger_group_size_count", "familyaid_ledger_group_size_sum",
                "familyaid_ledger_group_fallbacks_total");
        metrics(settlementManagement, out, 3, "familyaid_bearer_tokens_total{result=\"cached\"",
                "familyaid_bearer_tokens_total{result=\"verified\"");
        return out;
    }

    /** Adds up each named Prometheus series (by prefix) of a service's /q/metrics into out[from + i]. */
    static void metrics(String management, double[] out, int from, String... names) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(management + "/q/metrics")).GET());
        if (r == null || r.statusCode() != 200) {
            return;
        }
        for (String line : r.body().split("\n")) {
            OptionalDouble value = sampleValue(line);
            for (int i = 0; i < names.length && value.isPresent(); i++) {
                if (line.startsWith(names[i])) {
                    out[from + i] += value.getAsDouble();
                }
            }
        }
    }

    /**
     * The value of one Prometheus text-format sample line, {@code name[{labels}] value [# {exemplar} value ts]}:
     * the first field after the name and its own labels. An exemplar's braces come after the value, also on a
     * line without labels, and its value is not the sample's. Empty for comments and anything else.
     */
    static OptionalDouble sampleValue(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return OptionalDouble.empty();
        }
        int after = 0;
        while (after < line.length() && line.charAt(after) != ' ' && line.charAt(after) != '{') {
            after++;
        }
        if (after < line.length() && line.charAt(after) == '{') {
            after = line.indexOf('}', after) + 1;
            if (after == 0) {
                return OptionalDouble.empty();
            }
        }
        String[] rest = line.substring(after).trim().split(" ");
        try {
            return rest[0].isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(rest[0]));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** A connection to {@code db} on the machine's PostgreSQL as its superuser (trust auth). */
    static Connection admin(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", "");
    }

    static long walletLong(String sql) {
        return longQuery("wallet_bench", sql);
    }

    static long settlementLong(String sql) {
        return longQuery("settlement_bench", sql);
    }

    static long longQuery(String db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "familyaid", "familyaid");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void freshDatabase(String db) throws SQLException {
        try (Connection c = admin("postgres");
             Statement s = c.createStatement()) {
            try {
                s.execute("CREATE ROLE familyaid LOGIN PASSWORD 'familyaid'");
            } catch (SQLException ignored) {
                // exists
            }
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db + " OWNER familyaid");
        }
    }

    static String launch(String name, String jar, String db, String kafka, String oidcUrl) throws Exception {
        int port;
        int managementPort;
        try (ServerSocket s = new ServerSocket(0); ServerSocket m = new ServerSocket(0)) {
            port = s.getLocalPort();
            managementPort = m.getLocalPort();
        }
        // run from a private copy: a concurrent build may rewrite target/quarkus-app under a running jar
        Path app = new File(jar).getAbsoluteFile().toPath().getParent();
        Path copy = Path.of(System.getProperty("java.io.tmpdir"), "familyaid-bench-" + name + "-" + UUID.randomUUID());
        try (var files = Files.walk(app)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(app.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        if (Boolean.getBoolean("bench.jfr")) {
            // -Dbench.jfr=true: CPU profile of each service, written when it stops
            cmd.add("-XX:StartFlightRecording=filename=" + new File("target/bench-" + name + ".jfr").getAbsolutePath()
                    + ",settings=profile,dumponexit=true");
        }
        cmd.addAll(List.of("-jar", copy.resolve("quarkus-run.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("MANAGEMENT_PORT", Integer.toString(managementPort)); // health is on the management port
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + db);
        env.put("DB_POOL_MAX", System.getProperty("bench.pool", "20"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("KAFKA_SASL_USERNAME", name + "-service");
        env.put("KAFKA_SASL_PASSWORD", TestStack.kafka().password(name + "-service"));
        env.put("OIDC_URL", oidcUrl);
        env.put("OIDC_CLIENT_ID", "quarkus-app");
        env.put("OIDC_AUDIENCE", "https://service.example.com"); // what the test tokens are meant for
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "any");
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(new File("target/bench-" + name + ".log")));
        Process p = pb.start();
        children.add(p);
        String url = "http://localhost:" + port;
        if (name.equals("wallet")) {
            walletManagement = "http://localhost:" + managementPort;
        } else {
            settlementManagement = "http://localhost:" + managementPort;
        }
        String health = "http://localhost:" + managementPort + "/q/health/ready";
        await(name + " ready", () -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(health)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        return url;
    }

    static HttpResponse<String> post(String url, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> put(String url, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    static void must(HttpResponse<String> r, int status) {
        if (r == null || r.statusCode() != status) {
            throw new IllegalStateException("seeding failed: " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(String what, Check c) {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (c.ok()) {
                    return;
                }
            } catch (Exception ignored) {
                // not yet
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("timed out: " + what);
    }
}
