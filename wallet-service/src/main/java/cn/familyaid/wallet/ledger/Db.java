package cn.familyaid.wallet.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain SQL on the connection of the current transaction (the ledger needs exact locking:
 * {@code SELECT … FOR UPDATE} in a fixed order and conditional updates).
 */
@ApplicationScoped
public class Db {

    @Inject
    EntityManager em;

    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> list(String sql, Row<T> row, Object... args) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, Row<T> row, Object... args) {
        List<T> all = list(sql, row, args);
        return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.get(0));
    }

    public int update(String sql, Object... args) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                return ps.executeUpdate();
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Long[] longs) {
                ps.setArray(i + 1, c.createArrayOf("bigint", longs));
            } else if (a instanceof Integer[] ints) {
                ps.setArray(i + 1, c.createArrayOf("integer", ints));
            } else if (a instanceof String[] strings) {
                ps.setArray(i + 1, c.createArrayOf("varchar", strings));
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }
}
