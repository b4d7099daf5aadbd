package cn.familyaid.settlement.support;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The REAL ledger for end-to-end tests: wallet-service's packaged jar
 * ({@code ../wallet-service/target/quarkus-app/quarkus-run.jar}, built by
 * {@code ./mvnw -B -q package -DskipTests -pl wallet-service}), started once per test JVM as a child
 * process on its own database {@code wallet_e2e_settlement}, the same in-JVM broker, a random HTTP
 * port, and the OIDC test server's public key so it accepts the same signed test tokens.
 */
public final class WalletJar {
    static final String DATABASE = "wallet_e2e_settlement";
    private static Process process;
    private static int port;
    private static int managementPort;
    private static Boolean answersLedgerCommands;

    private WalletJar() {
    }

    /**
     * The sibling module's packaged jar, or another build of it named by {@code FAMILYAID_WALLET_JAR} (environment)
     * or {@code familyaid.wallet.jar} (system property): a private copy is not disturbed while someone rebuilds
     * wallet-service/target.
     */
    public static Path jar() {
        String other = System.getProperty("familyaid.wallet.jar", System.getenv("FAMILYAID_WALLET_JAR"));
        if (other != null && !other.isBlank()) {
            return Path.of(other).toAbsolutePath().normalize();
        }
        return Path.of("..", "wallet-service", "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
    }

    /** The wallet jar's process id (to pause it: a ledger that does not answer in time). */
    public static synchronized long pid() {
        url();
        return process.pid();
    }

    /** Pauses (SIGSTOP) or resumes (SIGCONT) the wallet jar: the ledger stops answering without losing anything. */
    public static void signal(String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid())).inheritIO().start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the jar if needed; returns its base URL. */
    public static synchronized String url() {
        if (process == null || !process.isAlive()) {
            start();
        }
        return "http://localhost:" + port;
    }

    /**
     * True when the wallet jar answers ledger commands (the ledger's command handler is in it): probed
     * once with a VOID_HOLD of an unknown hold, which a contract-abiding ledger refuses with NOT_FOUND.
     */
    public static synchronized boolean answersLedgerCommands() {
        if (answersLedgerCommands == null) {
            if (!jar().toFile().isFile()) {
                answersLedgerCommands = false;
            } else {
                url();
                answersLedgerCommands = probe();
            }
        }
        return answersLedgerCommands;
    }

    private static void start() {
        File jar = jar().toFile();
        if (!jar.isFile()) {
            throw new IllegalStateException("build the wallet jar first: ./mvnw -B -q package -DskipTests -pl wallet-service");
        }
        ensureDatabase();
        port = freePort();
        managementPort = freePort();
        String publicKey = Base64.getEncoder().encodeToString(
                OidcWiremockTestResource.getCertificate().getPublicKey().getEncoded());
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx384m", "-jar", jar.getAbsolutePath());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("MANAGEMENT_PORT", Integer.toString(managementPort)); // health and metrics are on their own port
        env.put("DB_URL", "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + DATABASE);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + DATABASE);
        env.put("QUARKUS_DATASOURCE_USERNAME", "familyaid");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "familyaid");
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestStack.bootstrapServers());
        env.put("KAFKA_SASL_USERNAME", "wallet-service");
        env.put("KAFKA_SASL_PASSWORD", TestStack.kafka().password("wallet-service"));
        env.put("QUARKUS_OIDC_PUBLIC_KEY", publicKey);
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "any");
        // the same OIDC test server as this service (its JWKS signs the test tokens); the public key alone
        // does not stop the jar from contacting its configured auth server
        ConfigProvider.getConfig().getOptionalValue("keycloak.url", String.class)
                .ifPresent(url -> {
                    env.put("OIDC_URL", url + "/realms/quarkus/");
                    env.put("QUARKUS_OIDC_AUTH_SERVER_URL", url + "/realms/quarkus/");
                    env.put("OIDC_CLIENT_ID", "quarkus-app");
                    env.put("OIDC_AUDIENCE", "https://service.example.com"); // what the test tokens are meant for
                });
        // tracing on, exported over OTLP/HTTP to this JVM's receiver (Spans), promptly: TraceTest follows one
        // settlement through this service and the ledger
        env.put("OTEL_SDK_DISABLED", "false");
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", Spans.otlpEndpoint());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        env.put("QUARKUS_FLYWAY_CLEAN_AT_START", "true");
        env.put("QUARKUS_FLYWAY_CLEAN_DISABLED", "false");
        File log = new File("target/wallet-e2e.log");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the wallet jar", e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.destroy();
            try {
                started.waitFor(TimeUnit.SECONDS.toMillis(10), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            started.destroyForcibly();
        }));
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the wallet jar exited; see " + log.getAbsolutePath());
            }
            if (ready()) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("the wallet jar did not become ready; see " + log.getAbsolutePath());
    }

    private static boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + managementPort + "/q/health/ready")
                    .toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean probe() {
        String replyTopic = "ledger.replies.settlement"; // the ledger answers a requester on its own reply topic only
        String commandId = "probe-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(TestStack.asAdmin(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "settlement-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())));
             KafkaProducer<String, String> producer = new KafkaProducer<>(TestStack.as("settlement-service", Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())))) {
            consumer.subscribe(List.of(replyTopic));
            ProducerRecord<String, String> r = new ProducerRecord<>("ledger.commands.settlement", "PROBE",
                    "{\"command_id\":\"" + commandId + "\",\"type\":\"VOID_HOLD\",\"hold_id\":\"" + UUID.randomUUID() + "\"}");
            r.headers().add("REPLY_CORRELATION_ID", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            r.headers().add("REPLY_TOPIC", replyTopic.getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                    if (rec.value() != null && rec.value().contains(commandId)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static void ensureDatabase() {
        String url = "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            try {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER familyaid");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + DATABASE, e);
        }
    }

    /** A JDBC connection to the wallet jar's own database (to read its ledger in assertions). */
    public static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + DATABASE,
                "familyaid", "familyaid");
    }

    static String pgHost() {
        return TestPostgres.server().host();
    }

    static String pgPort() {
        return TestPostgres.server().port();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
