package cn.familyaid.withdrawal.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The real parts the tests run against, started from nothing: the machine's PostgreSQL (the role
 * and this service's test database are created on demand) and a real Kafka broker in KRaft mode
 * (Kafka's own in-JVM test kit, one per test JVM).
 */
public class TestStack implements QuarkusTestResourceLifecycleManager {
    static final String DATABASE = "withdrawal_test";
    private static KafkaClusterTestKit kafka;

    @Override
    public synchronized Map<String, String> start() {
        String pgHost = System.getenv().getOrDefault("FAMILYAID_PG_HOST", "127.0.0.1");
        String pgPort = System.getenv().getOrDefault("FAMILYAID_PG_PORT", "5432");
        ensureDatabase(pgHost, pgPort);
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + DATABASE,
                "quarkus.datasource.username", "familyaid",
                "quarkus.datasource.password", "familyaid",
                "kafka.bootstrap.servers", bootstrapServers());
    }

    public static synchronized String bootstrapServers() {
        if (kafka == null) {
            // the broker runs inside the test JVM: a fault of it (say, while it closes at JVM exit) must not halt
            // or exit the JVM, which surefire reports as a crashed fork after every test passed
            org.apache.kafka.common.utils.Exit.setHaltProcedure((code, message) ->
                    System.err.printf("in-JVM Kafka asked to halt (%d): %s%n", code, message));
            org.apache.kafka.common.utils.Exit.setExitProcedure((code, message) ->
                    System.err.printf("in-JVM Kafka asked to exit (%d): %s%n", code, message));
            try {
                KafkaClusterTestKit k = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("num.partitions", "3")
                        .build();
                k.format();
                k.startup();
                k.waitForReadyBrokers();
                kafka = k;
                Runtime.getRuntime().addShutdownHook(new Thread(TestStack::stopKafka));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test Kafka broker", e);
            }
        }
        return kafka.bootstrapServers();
    }

    private static synchronized void stopKafka() {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (Exception ignored) {
                // the JVM is going away
            }
            kafka = null;
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
