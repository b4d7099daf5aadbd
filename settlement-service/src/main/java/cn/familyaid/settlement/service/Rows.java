package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.mapping.SettlementView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.hibernate.exception.ConstraintViolationException;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * What the settlement services share about their rows: the time they are stamped with (UTC), new ids, how the
 * database says an idempotency key is taken, and a settlement read back as it is answered.
 */
final class Rows {
    private Rows() {
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String compactUuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Binds a nullable bigint (a plain {@code setObject(null)} leaves its type to the server to guess). */
    static void setLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    /** The settlement as answered, read in a transaction of its own. */
    static SettlementView settlementView(String setlId) {
        return QuarkusTransaction.requiringNew().call(() -> SettlementView.of(Settlement.findById(setlId)));
    }
}
