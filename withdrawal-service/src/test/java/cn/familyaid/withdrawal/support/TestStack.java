package cn.familyaid.withdrawal.support;

import familyaid.kafka.SecureKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.common.utils.Exit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The real parts the tests run against, started from nothing: the machine's PostgreSQL, or an embedded one where
 * none answers ({@link TestPostgres}; the role and this service's test database are created on demand), and a real
 * Kafka broker in KRaft mode, secured as everywhere (SASL/SCRAM-SHA-512, ACLs from deploy/kafka/acl-matrix.csv;
 * deploy/kafka/src/SecureKafka.java, one broker per test JVM). The service under test connects as its own principal, SERVICE; test helpers that stand in for other
 * services or read what nobody else may read connect as the broker's admin ({@link #asAdmin}).
 */
public class TestStack implements QuarkusTestResourceLifecycleManager {
    static final String DATABASE = "withdrawal_test";
    public static final String SERVICE = "withdrawal-service";
    private static Broker kafka;

    @Override
    public synchronized Map<String, String> start() {
        TestPostgres.Server pg = TestPostgres.server();
        ensureDatabase(pg.host(), pg.port());
        return Map.of(
                "quarkus.datasource.jdbc.url", pg.jdbcUrl(DATABASE),
                "quarkus.datasource.username", "familyaid",
                "quarkus.datasource.password", "familyaid",
                "kafka.bootstrap.servers", bootstrapServers(),
                "kafka.sasl.jaas.config", SecureKafka.jaas(SERVICE, kafka().password(SERVICE)));
    }

    public static String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    /** The running test broker: where it is and its principals' passwords. */
    public record Broker(String bootstrapServers, Map<String, String> passwords) {
        public String password(String principal) {
            String p = passwords.get(principal);
            if (p == null) {
                throw new IllegalArgumentException("no such Kafka principal: " + principal);
            }
            return p;
        }

        public Map<String, Object> clientProps(String principal) {
            return SecureKafka.clientProps(bootstrapServers, principal, password(principal));
        }
    }

    private static final String PROPERTY = "familyaid-test.kafka";

    /**
     * The test broker, one per test JVM. Quarkus starts test resources again in a new class loader for each test
     * profile, so the broker is found through system properties, not only this class's static field.
     */
    public static synchronized Broker kafka() {
        if (kafka == null) {
            String bootstrap = System.getProperty(PROPERTY + ".bootstrap");
            if (bootstrap != null) {
                Map<String, String> passwords = new HashMap<>();
                System.getProperties().stringPropertyNames().stream()
                        .filter(n -> n.startsWith(PROPERTY + ".password."))
                        .forEach(n -> passwords.put(n.substring((PROPERTY + ".password.").length()), System.getProperty(n)));
                kafka = new Broker(bootstrap, Map.copyOf(passwords));
                return kafka;
            }
            // the broker runs inside the test JVM: a fault of it (say, while it closes at JVM exit) must not halt
            // or exit the JVM, which surefire reports as a crashed fork after every test passed
            Exit.setHaltProcedure((code, message) ->
                    System.err.printf("in-JVM Kafka asked to halt (%d): %s%n", code, message));
            Exit.setExitProcedure((code, message) ->
                    System.err.printf("in-JVM Kafka asked to exit (%d): %s%n", code, message));
            try {
                Path dir = Files.createTempDirectory(Path.of("target"), "kafka-");
                SecureKafka server = SecureKafka.start(dir, freePort(), freePort(),
                        Path.of("..", "deploy", "kafka", "acl-matrix.csv"), Map.of(), true);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
                kafka = new Broker(server.bootstrapServers(), server.passwords());
                kafka.passwords().forEach((principal, password) ->
                        System.setProperty(PROPERTY + ".password." + principal, password));
                System.setProperty(PROPERTY + ".bootstrap", kafka.bootstrapServers());
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test Kafka broker", e);
            }
        }
        return kafka;
    }

    /** Client properties of the broker's admin (a super user) with the given ones added. */
    public static Map<String, Object> asAdmin(Map<String, Object> props) {
        return as(SecureKafka.ADMIN, props);
    }

    /** Client properties of a principal of the ACL matrix with the given ones added. */
    public static Map<String, Object> as(String principal, Map<String, Object> props) {
        Map<String, Object> all = new HashMap<>(kafka().clientProps(principal));
        all.putAll(props);
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void ensureDatabase(String host, String port) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            ignoreDuplicate(s, "CREATE ROLE familyaid LOGIN PASSWORD 'familyaid'");
            ignoreDuplicate(s, "CREATE DATABASE " + DATABASE + " OWNER familyaid");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + url + " as postgres (trust auth)", e);
        }
    }

    private static void ignoreDuplicate(Statement s, String sql) throws SQLException {
        try {
            s.execute(sql);
        } catch (SQLException e) {
            // 42710 duplicate_object, 42P04 duplicate_database, 23505 a concurrent creator won
            if (!"42710".equals(e.getSQLState()) && !"42P04".equals(e.getSQLState())
                    && !"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    @Override
    public void stop() {
        // the broker lives for the whole test JVM; Quarkus may restart the app between test classes
    }
}
