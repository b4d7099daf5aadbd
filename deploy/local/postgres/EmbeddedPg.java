import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The local stack's PostgreSQL where the machine has none (deploy/local/up): an embedded server from
 * Maven Central on 127.0.0.1:PORT with its data in DATA_DIR (kept between runs), the role familyaid and
 * the four service databases created when missing. Runs until stopped; stopping the JVM stops the server.
 * Usage: java -cp 'postgres-lib/*' EmbeddedPg.java DATA_DIR PORT
 */
public class EmbeddedPg {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(data);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            if (!exists(s, "SELECT 1 FROM pg_roles WHERE rolname = 'familyaid'")) {
                s.execute("CREATE ROLE familyaid LOGIN PASSWORD 'familyaid' CREATEDB");
            }
            for (String db : new String[] {"binding", "wallet", "settlement", "withdrawal"}) {
                if (!exists(s, "SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                    s.execute("CREATE DATABASE " + db + " OWNER familyaid");
                }
            }
        }
        System.out.println("embedded PostgreSQL ready on 127.0.0.1:" + port + ", data in " + data);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL: " + e.getMessage());
            }
        }));
        Thread.currentThread().join();
    }

    private static boolean exists(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            return r.next();
        }
    }
}
