package cn.familyaid.withdrawal.support;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a sibling service's packaged jar ({@code ../<service>/target/quarkus-app/quarkus-run.jar}) as a child
 * process for end-to-end tests (root README and the service READMEs: ports, databases, tokens): its own database
 * {@code <sibling>_e2e_withdrawal} (created like TestStack's, cleaned at start), the same in-JVM test broker,
 * a random free HTTP port, and the OIDC test server's public key so it accepts the same signed test tokens.
 * One process per service per test JVM, stopped when the JVM exits. Its log goes to
 * {@code target/<service>-e2e.log}. Build the jar first: {@code ./mvnw -B -q package -DskipTests -pl <service>}
 * (the full reactor build does it before this module's tests).
 */
public final class SiblingJar {
    private static final Map<String, SiblingJar> RUNNING = new HashMap<>();

    public final String service;
    public final String baseUrl;
    private final Process process;

    private SiblingJar(String service, String baseUrl, Process process) {
        this.service = service;
        this.baseUrl = baseUrl;
        this.process = process;
    }

    public static synchronized SiblingJar start(String service) {
        return start(service, Map.of());
    }

    public static synchronized SiblingJar start(String service, Map<String, String> extraEnv) {
        SiblingJar running = RUNNING.get(service);
        if (running != null && running.process.isAlive()) {
            return running;
        }
        Path jar = Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no packaged " + service + " at " + jar + ": build it first with "
                    + "./mvnw -B -q package -DskipTests -pl " + service);
        }
        String database = service.replace("-service", "") + "_e2e_withdrawal";
        TestPostgres.Server pg = TestPostgres.server();
        String pgHost = pg.host();
        String pgPort = pg.port();
        ensureDatabase(pgHost, pgPort, database);
        int port = freePort();
        int managementPort = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort)); // health and metrics are on their own port
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database);
        env.put("QUARKUS_DATASOURCE_USERNAME", "familyaid");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "familyaid");
        env.put("QUARKUS_FLYWAY_CLEAN_AT_START", "true");
        env.put("QUARKUS_FLYWAY_CLEAN_DISABLED", "false");
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestStack.bootstrapServers());
        env.put("KAFKA_SASL_USERNAME", service);
        env.put("KAFKA_SASL_PASSWORD", TestStack.kafka().password(service));
        env.put("QUARKUS_OIDC_PUBLIC_KEY", Base64.getEncoder().encodeToString(
                OidcWiremockTestResource.getCertificate().getPublicKey().getEncoded()));
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "any");
        env.put("OIDC_AUDIENCE", "https://service.example.com"); // what the test tokens are meant for
        // quarkus-oidc verifies with public-key only when no auth-server-url is configured: unset the service's
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "");
        env.put("OUTBOX_INTERVAL", "100ms");
        env.putAll(extraEnv);
        File log = new File("target", service + "-e2e.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log);
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + jar, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        SiblingJar sibling = new SiblingJar(service, "http://localhost:" + port, process);
        sibling.awaitReady(log, "http://localhost:" + managementPort);
        RUNNING.put(service, sibling);
        return sibling;
    }

    private void awaitReady(File log, String managementUrl) {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(managementUrl + "/q/health/ready").toURL()
                        .openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            sleep(250);
        }
        process.destroy();
        throw new IllegalStateException(service + " not ready within 90 s; see " + log);
    }

    public void stop() {
        process.destroy();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ensureDatabase(String host, String port, String database) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            ignoreDuplicate(s, "CREATE ROLE familyaid LOGIN PASSWORD 'familyaid'");
            ignoreDuplicate(s, "CREATE DATABASE " + database + " OWNER familyaid");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + url + " as postgres (trust auth)", e);
        }
    }

    private static void ignoreDuplicate(Statement s, String sql) throws SQLException {
        try {
            s.execute(sql);
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState()) && !"42P04".equals(e.getSQLState())
                    && !"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
