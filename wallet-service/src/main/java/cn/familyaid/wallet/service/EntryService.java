package cn.familyaid.wallet.service;

import cn.familyaid.wallet.ledger.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A person's statement: the ledger transfers touching their personal account or wallet, newest first, with
 * what a funder may see of a mutual-aid payment (R-BIND-9: for whom, at what kind of institution, how much —
 * never a diagnosis, which the ledger does not even have).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class EntryService {

    @Inject
    Db db;

    public record Entry(long id, OffsetDateTime at, String accountKind, boolean incoming, long amountFen,
                        String reason, String reference, String counterpartyPsnNo, String counterpartyName,
                        String holdOwnerPsnNo, String holdOwnerName, String relation, String fixmedinsType) {
    }

    public List<Entry> entries(String psnNo, Long before, int limit) {
        return db.list("""
                        SELECT t.id, t.created_at, t.reason, t.reference, t.amount_fen,
                               (ca.psn_no = ?) AS incoming,
                               CASE WHEN ca.psn_no = ? THEN ca.kind ELSE da.kind END AS my_kind,
                               CASE WHEN ca.psn_no = ? THEN da.psn_no ELSE ca.psn_no END AS other_psn,
                               op.psn_name AS other_name,
                               h.psn_no AS hold_owner, hp.psn_name AS hold_owner_name, l.relation, h.fixmedins_type
                        FROM ledger_transfer t
                        JOIN account da ON da.id = t.debit_account_id
                        JOIN account ca ON ca.id = t.credit_account_id
                        LEFT JOIN insured_person op
                               ON op.psn_no = CASE WHEN ca.psn_no = ? THEN da.psn_no ELSE ca.psn_no END
                        LEFT JOIN hold h ON h.id = t.hold_id
                        LEFT JOIN insured_person hp ON hp.psn_no = h.psn_no
                        LEFT JOIN hold_leg l ON l.hold_id = t.hold_id AND l.leg_no = t.leg_no
                        WHERE (da.psn_no = ? OR ca.psn_no = ?) AND (?::bigint IS NULL OR t.id < ?::bigint)
                        ORDER BY t.id DESC LIMIT ?""",
                rs -> new Entry(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getString("my_kind"), rs.getBoolean("incoming"), rs.getLong("amount_fen"),
                        rs.getString("reason"), rs.getString("reference"), rs.getString("other_psn"),
                        rs.getString("other_name"), rs.getString("hold_owner"), rs.getString("hold_owner_name"),
                        rs.getString("relation"), rs.getString("fixmedins_type")),
                psnNo, psnNo, psnNo, psnNo, psnNo, psnNo, before, before, limit);
    }

    /** The largest retained minimum among the mandates this person funds (what they never share). */
    public long retainedMinAsFunder(String psnNo) {
        return db.one("SELECT coalesce(max(retained_min_fen), 0) FROM mandate WHERE funder_psn_no = ?",
                rs -> rs.getLong(1), psnNo).orElse(0L);
    }

    public Optional<String> walletPhone(String psnNo) {
        return db.one("SELECT phone FROM account WHERE psn_no = ? AND kind = 'WALLET'", rs -> rs.getString(1), psnNo);
    }
}
