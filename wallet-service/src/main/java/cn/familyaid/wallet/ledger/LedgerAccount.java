package cn.familyaid.wallet.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A row of {@code account} as the ledger reads it (amounts in fen). */
public record LedgerAccount(long id, String psnNo, String kind, String admdvs, String status, long balance, long held,
                            String code, long version) {
    public static final String COLUMNS = "id, psn_no, kind, admdvs, status, balance, held, code, version";

    public static LedgerAccount from(ResultSet rs) throws SQLException {
        return new LedgerAccount(rs.getLong("id"), rs.getString("psn_no"), rs.getString("kind"),
                rs.getString("admdvs"), rs.getString("status"), rs.getLong("balance"), rs.getLong("held"),
                rs.getString("code"), rs.getLong("version"));
    }

    public long available() {
        return balance - held;
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }

    public boolean isPerson() {
        return !"SYSTEM".equals(kind);
    }
}
