package cn.familyaid.wallet.ledger;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain SQL on the connection of the current transaction (the ledger needs exact locking:
 * {@code SELECT … FOR UPDATE} in a fixed order and conditional updates). The connection comes from the Agroal
 * datasource, not through a Hibernate session: inside a JTA transaction Agroal hands out the one connection
 * enlisted in it (the one Hibernate uses too, in the same transaction), and closing the handle leaves it there
 * until the commit. Like a Hibernate {@code doWork}, it does not flush pending entity changes first.
 */
@ApplicationScoped
public class Db {

    @Inject
    AgroalDataSource dataSource;

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T work(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    /** A failed statement (its SQLException the cause: constraint and lock errors are read from it). */
    public static final class DbException extends RuntimeException {
        DbException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> list(String sql, Row<T> row, Object... args) {
        return work(c -> {
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
        return work(c -> {
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
