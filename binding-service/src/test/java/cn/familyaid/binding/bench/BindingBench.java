package cn.familyaid.binding.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load benchmark of {@code POST /api/v1/bindings} against the packaged binding-service (not a test instance).
 * Plain JDK, run as a single source file from the repository root after {@code ./mvnw -pl binding-service package}:
 * <pre>java binding-service/src/test/java/cn/familyaid/binding/bench/BindingBench.java [requests] [concurrency]</pre>
 * It creates the database {@code binding_bench} on the local PostgreSQL (psql as postgres, trust auth), generates
 * an RSA key and starts {@code binding-service/target/quarkus-app/quarkus-run.jar} with
 * {@code QUARKUS_OIDC_PUBLIC_KEY} set to it (tokens are signed here), on a free port, using the Kafka broker at
 * {@code KAFKA_BOOTSTRAP_SERVERS} only when that variable is set (the seeded persons' person.changed, kinship.changed
 * and binding.changed would otherwise reach whatever broker, and consumers, run on localhost:9092; unset, the events
 * stay in the bench database's outbox and POST latency is the same). It seeds one funder, beneficiary and kinship
 * per request, warms up, then sends the binds from {@code concurrency} threads and prints throughput, p50, p90,
 * p99 and max. The service is stopped at the end; its log is in {@code binding-service/target/bench-service.log}.
 */
public class BindingBench {
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static KeyPair keys;
    static String base;
    static String management;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int warmup = Math.min(500, requests / 2);
        File jar = new File("binding-service/target/quarkus-app/quarkus-run.jar");
        if (!jar.exists()) {
            throw new IllegalStateException("build first: ./mvnw -B -pl binding-service package -DskipTests");
        }
        createDatabase();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        int managementPort;
        try (ServerSocket s = new ServerSocket(0)) {
            managementPort = s.getLocalPort();
        }
        management = "http://127.0.0.1:" + managementPort; // health is on the management port
        // no broker unless asked for: a broker on localhost:9092 may belong to a running local stack whose
        // consumers (wallet-service opens accounts from person.changed) would ingest thousands of bench persons
        String kafka = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        boolean kafkaUp = reachable(kafka);
        System.out.printf("kafka %s: %s%n", kafka, kafkaUp ? "reachable (outbox relay publishes)"
                : "NOT reachable (events stay in the outbox; POST latency unaffected)");
        String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.getPath());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:5432/binding_bench");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("QUARKUS_OIDC_PUBLIC_KEY", publicKey);
        // with an auth-server-url configured, quarkus-oidc still connects to it despite the public key: unset it
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "");
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "any");
        env.put("QUARKUS_FLYWAY_CLEAN_AT_START", "true");
        env.put("QUARKUS_FLYWAY_CLEAN_DISABLED", "false");
        env.put("QUARKUS_LOG_CONSOLE_LEVEL", "WARN");
        pb.redirectErrorStream(true).redirectOutput(new File("binding-service/target/bench-service.log"));
        Process service = pb.start();
        try {
            waitHealthy();
            String platform = token("bench-platform", "platform", Map.of("admdvs", "000000"));
            int total = warmup + requests;
            List<String[]> pairs = seed(total, platform, concurrency);
            List<String[]> warm = pairs.subList(0, warmup);
            List<String[]> measured = pairs.subList(warmup, total);
            run(warm, concurrency);
            long t0 = System.nanoTime();
            List<Long> lat = run(measured, concurrency);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Collections.sort(lat);
            System.out.printf("POST /api/v1/bindings: %d requests, %d threads, %.2f s, %.1f req/s%n",
                    lat.size(), concurrency, seconds, lat.size() / seconds);
            System.out.printf("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", pct(lat, 50), pct(lat, 90),
                    pct(lat, 99), lat.get(lat.size() - 1) / 1e6);
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    static List<String[]> seed(int n, String platform, int concurrency) throws Exception {
        List<String[]> pairs = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> fs = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(pool.submit(() -> {
                String funder = "BF" + run + k;
                String child = "BC" + run + k;
                put("/api/v1/persons/" + funder, platform, person("310"));
                put("/api/v1/persons/" + child, platform, person("390"));
                put("/api/v1/kinships", platform, "{\"psn_no\":\"" + funder + "\",\"relative_psn_no\":\"" + child
                        + "\",\"relation\":\"CHILD\"}");
                pairs.add(new String[]{funder, child});
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return new ArrayList<>(pairs);
    }

    static List<Long> run(List<String[]> pairs, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Long> lat = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (String[] p : pairs) {
            fs.add(pool.submit(() -> {
                String token = token("person-" + p[0], "person", Map.of("psn_no", p[0]));
                String body = "{\"request_id\":\"" + UUID.randomUUID() + "\",\"funder_psn_no\":\"" + p[0]
                        + "\",\"beneficiary_psn_no\":\"" + p[1] + "\",\"relation\":\"CHILD\","
                        + "\"share\":{\"mode\":\"CAP\",\"cap_amt\":500.00},\"channel\":\"APP\"}";
                long t = System.nanoTime();
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/bindings"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                lat.add(System.nanoTime() - t);
                if (r.statusCode() != 201 && failures.incrementAndGet() <= 3) {
                    System.out.println("unexpected " + r.statusCode() + ": " + r.body());
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " binds were not 201");
        }
        return new ArrayList<>(lat);
    }

    static String person(String insutype) {
        return "{\"psn_name\":\"张三\",\"psn_cert_type\":\"01\",\"certno\":\"" + residentId("32010219800101123") + "\",\"gend\":\"1\","
                + "\"brdy\":\"1980-01-01\",\"insutype\":\"" + insutype + "\",\"psn_insu_stas\":\"1\","
                + "\"insuplc_admdvs\":\"320102\"}";
    }

    /** 17 digits completed with the GB 11643 check digit. */
    static String residentId(String first17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    static void put(String path, String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("PUT " + path + " → " + r.statusCode() + " " + r.body());
        }
    }

    /** An RS256 JWT with this system's claims, signed with the key the service was started with. */
    static String token(String user, String role, Map<String, String> claims) {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder payload = new StringBuilder("{\"iss\":\"bench\",\"aud\":\"family-aid-api\",\"sub\":\"" + user
                + "\",\"preferred_username\":\"" + user + "\",\"groups\":[\"" + role + "\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600));
        claims.forEach((k, v) -> payload.append(",\"").append(k).append("\":\"").append(v).append('"'));
        payload.append('}');
        String signingInput = B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void createDatabase() throws Exception {
        for (String sql : List.of("CREATE ROLE familyaid LOGIN PASSWORD 'familyaid'",
                "CREATE DATABASE binding_bench OWNER familyaid")) {
            // "already exists" is fine
            new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-c", sql)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    static void waitHealthy() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(management + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 || r.statusCode() == 503) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("binding-service did not start; see binding-service/target/bench-service.log");
    }

    static boolean reachable(String bootstrap) {
        String[] hp = bootstrap.split(",")[0].split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static double pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i)) / 1e6;
    }
}
