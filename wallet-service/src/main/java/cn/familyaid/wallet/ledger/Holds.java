package cn.familyaid.wallet.ledger;

import cn.familyaid.wallet.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Holds, the ledger's pending transfers (预授权/冻结): a hold is placed on its legs' accounts, their money reserved (or
 * posted at once: a one-shot settlement), then resolved exactly once — posted (each leg moved from its reserved money
 * to the credit account), voided or expired (the reservations released) — and a posted settlement hold refunded once,
 * leg by leg. {@link HoldStatus} says which of these may follow which. What a mandate's leg holds or paid counts
 * against the mandate's cap ({@code mandate_usage}) while the hold is pending or posted.
 * <p>
 * Callers lock a hold's row first ({@link #find} with {@code lock}), then its accounts in one ascending-id statement
 * ({@link Ledger#lock}), and check under those locks; every method runs in the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Holds {
    /** The kind of a funding plan's hold (a settlement), and of a withdrawal's. */
    public static final String PLAN = "PLAN";
    public static final String WITHDRAWAL = "WITHDRAWAL";

    @Inject
    Db db;

    @Inject
    Ledger ledger;

    public record Hold(UUID id, String kind, String psnNo, HoldStatus status, long amountFen, long heldFen,
                       long cashFen, String reference, String fixmedinsCode, OffsetDateTime expiresAt) {
    }

    /** A leg of a hold: what one account holds or paid of it, and for whom ({@code bindingId}: a mandate's). */
    public record Leg(int legNo, long accountId, String psnNo, String psnName, String source, String relation,
                      String bindingId, long amountFen) {
    }

    /** A funding plan's bill as its hold records it: the beneficiary's, at an institution, drawn and cash. */
    public record Bill(String psnNo, long amountFen, long heldFen, long cashFen, String reference, String commandId,
                       String fixmedinsCode, String fixmedinsType) {
    }

    /** A plan's pending hold: the hold and its legs written, the legs' money reserved and counted against caps. */
    public void place(UUID holdId, Bill b, List<Leg> legs, OffsetDateTime expiresAt, OffsetDateTime now) {
        db.update("INSERT INTO hold (id, kind, psn_no, status, amount_fen, held_fen, cash_fen, reference, command_id, "
                        + "fixmedins_code, fixmedins_type, expires_at, created_at) "
                        + "VALUES (?, 'PLAN', ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                holdId, b.psnNo(), b.amountFen(), b.heldFen(), b.cashFen(), b.reference(), b.commandId(),
                b.fixmedinsCode(), b.fixmedinsType(), expiresAt, now);
        insertLegs(holdId, legs);
        if (!legs.isEmpty() && !ledger.hold(sumByAccount(legs))) {
            throw new IllegalStateException("allocation exceeded the available money of hold " + holdId);
        }
        use(legs);
    }

    /**
     * A plan's hold placed and posted at once (a one-shot settlement; a reversal refunds it by its legs as any posted
     * hold): the hold, its legs, their transfers to {@code creditAccountId}, the balances, the caps' usage and the
     * events, each in one statement. The legs' and the credit account must be {@code locked} (as read under the lock).
     */
    public void placePosted(UUID holdId, Bill b, List<Leg> legs, long creditAccountId,
                            Map<Long, LedgerAccount> locked, OffsetDateTime now) {
        db.update("INSERT INTO hold (id, kind, psn_no, status, amount_fen, held_fen, cash_fen, reference, command_id, "
                        + "fixmedins_code, fixmedins_type, created_at, resolved_at) "
                        + "VALUES (?, 'PLAN', ?, 'POSTED', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                holdId, b.psnNo(), b.amountFen(), b.heldFen(), b.cashFen(), b.reference(), b.commandId(),
                b.fixmedinsCode(), b.fixmedinsType(), now, now);
        if (legs.isEmpty()) {
            return;
        }
        insertLegs(holdId, legs);
        List<Ledger.Movement> moves = legs.stream().map(l -> new Ledger.Movement(l.accountId(), creditAccountId,
                l.amountFen(), "settlement", b.reference(), b.commandId(), holdId, l.legNo(), false)).toList();
        List<Outbox.Event> events = new ArrayList<>();
        List<Long> transfers = ledger.transferAll(moves, locked, events);
        use(legs);
        List<Ledger.Posted> posted = new ArrayList<>();
        for (int i = 0; i < legs.size(); i++) {
            posted.add(new Ledger.Posted(legs.get(i).psnNo(), transfers.get(i), legs.get(i).amountFen()));
        }
        ledger.postedEvents(posted, "settlement", b.reference(), events);
    }

    /** A withdrawal's pending hold on one account: {@code leg} (null: nothing to hold) reserved. */
    public void placeWithdrawal(UUID holdId, String psnNo, long amountFen, String reference, String commandId,
                                Leg leg, OffsetDateTime now) {
        db.update("INSERT INTO hold (id, kind, psn_no, status, amount_fen, held_fen, cash_fen, reference, command_id, "
                        + "created_at) VALUES (?, 'WITHDRAWAL', ?, 'PENDING', ?, ?, 0, ?, ?, ?)",
                holdId, psnNo, amountFen, amountFen, reference, commandId, now);
        if (leg != null) {
            db.update("INSERT INTO hold_leg (hold_id, leg_no, account_id, psn_no, psn_name, source, relation, "
                            + "binding_id, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", holdId, leg.legNo(),
                    leg.accountId(), leg.psnNo(), leg.psnName(), leg.source(), leg.relation(), leg.bindingId(),
                    leg.amountFen());
            if (!ledger.hold(leg.accountId(), leg.amountFen())) {
                throw new IllegalStateException("cannot hold " + leg.amountFen() + " on account " + leg.accountId());
            }
        }
    }

    /**
     * Posts a pending settlement hold: each leg moved from its reserved money to {@code creditAccountId}, the hold
     * resolved POSTED, account.changed and ledger.posted published.
     */
    public void post(Hold h, List<Leg> legs, long creditAccountId, String commandId) {
        List<Ledger.Posted> posted = transferHeld(h, legs, creditAccountId, "settlement", commandId);
        resolve(h.id(), HoldStatus.POSTED);
        ledger.accountsChanged(legs.stream().map(Leg::accountId).toList());
        ledger.posted(posted, "settlement", h.reference());
    }

    /** Each leg moved from its reserved money to {@code creditAccountId}; the hold stays as it is. */
    public List<Ledger.Posted> transferHeld(Hold h, List<Leg> legs, long creditAccountId, String reason,
                                            String commandId) {
        List<Ledger.Posted> posted = new ArrayList<>();
        for (Leg l : legs) {
            long t = ledger.transfer(new Ledger.Movement(l.accountId(), creditAccountId, l.amountFen(), reason,
                    h.reference(), commandId, h.id(), l.legNo(), true));
            posted.add(new Ledger.Posted(l.psnNo(), t, l.amountFen()));
        }
        return posted;
    }

    /** Voids a pending hold: its reservations released, no longer counted against caps. */
    public void voidHold(UUID holdId, List<Leg> legs) {
        release(legs);
        resolve(holdId, HoldStatus.VOIDED);
    }

    /** Expires a pending hold: its reservations released, no longer counted against caps. */
    public void expire(UUID holdId, List<Leg> legs) {
        release(legs);
        resolve(holdId, HoldStatus.EXPIRED);
    }

    /**
     * Refunds a posted settlement hold (R-SET-7): every leg gets back exactly what it paid from
     * {@code debitAccountId}, to {@code refundTo} (by leg number: its own account, or where its closed account's
     * money goes), and no longer counts against its cap; the hold becomes REFUNDED.
     */
    public void refund(Hold h, List<Leg> legs, long debitAccountId, Map<Integer, Long> refundTo, String commandId) {
        List<Ledger.Posted> posted = new ArrayList<>();
        for (Leg l : legs) {
            long t = ledger.transfer(new Ledger.Movement(debitAccountId, refundTo.get(l.legNo()), l.amountFen(),
                    "reversal", h.reference(), commandId, h.id(), l.legNo(), false));
            posted.add(new Ledger.Posted(l.psnNo(), t, l.amountFen()));
            unuse(l);
        }
        db.update("UPDATE hold SET status = ?, refunded_at = ? WHERE id = ?",
                h.status().then(HoldStatus.REFUNDED).name(), now(), h.id());
        ledger.accountsChanged(legs.stream().map(Leg::accountId).toList());
        ledger.posted(posted, "reversal", h.reference());
    }

    /** Resolves a pending hold, exactly once. */
    public void resolve(UUID holdId, HoldStatus status) {
        if (db.update("UPDATE hold SET status = ?, resolved_at = ? WHERE id = ? AND status = 'PENDING'",
                HoldStatus.PENDING.then(status).name(), now(), holdId) != 1) {
            throw new IllegalStateException("hold " + holdId + " was resolved twice");
        }
    }

    /** The hold of an id (empty: none, or no UUID), row-locked if asked. */
    public Optional<Hold> find(String holdId, boolean lock) {
        UUID uuid;
        try {
            uuid = UUID.fromString(holdId == null ? "" : holdId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return db.one("SELECT id, kind, psn_no, status, amount_fen, held_fen, cash_fen, reference, fixmedins_code, "
                        + "expires_at FROM hold WHERE id = ?" + (lock ? " FOR UPDATE" : ""),
                rs -> new Hold(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        HoldStatus.valueOf(rs.getString(4)), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                        rs.getString(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class)), uuid);
    }

    public List<Leg> legs(UUID holdId) {
        return db.list("SELECT leg_no, account_id, psn_no, psn_name, source, relation, binding_id, amount_fen "
                        + "FROM hold_leg WHERE hold_id = ? ORDER BY leg_no",
                rs -> new Leg(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getLong(8)), holdId);
    }

    /** Pending holds other than {@code except} with a leg on the account, by id (row-locked in that order if asked). */
    public List<UUID> otherPending(long accountId, UUID except, boolean lock) {
        return db.list("SELECT h.id FROM hold h WHERE h.status = 'PENDING' AND h.id <> ? AND EXISTS "
                        + "(SELECT 1 FROM hold_leg l WHERE l.hold_id = h.id AND l.account_id = ?) ORDER BY h.id"
                        + (lock ? " FOR UPDATE" : ""), rs -> rs.getObject(1, UUID.class), except, accountId);
    }

    /** Ids of up to {@code limit} pending holds whose time is up, oldest first (read without locks). */
    public List<UUID> due(int limit) {
        return db.list("SELECT id FROM hold WHERE status = 'PENDING' AND expires_at < now() ORDER BY expires_at LIMIT ?",
                rs -> rs.getObject(1, UUID.class), limit);
    }

    /**
     * Expires one hold if it is still pending and due, releasing its money; false if it was resolved meanwhile or
     * is being worked on by someone else (SKIP LOCKED). Meant to run in its own short transaction: it takes the
     * hold row, then the hold's accounts in one ascending-id statement — the same order as POST/VOID/REFUND — so
     * the sweep never holds one account while waiting for another (no deadlock with HOLD_FOR_PLAN or transfers).
     */
    public boolean expireIfDue(UUID holdId) {
        Optional<UUID> due = db.one("SELECT id FROM hold WHERE id = ? AND status = 'PENDING' AND expires_at < now() "
                + "FOR UPDATE SKIP LOCKED", rs -> rs.getObject(1, UUID.class), holdId);
        if (due.isEmpty()) {
            return false;
        }
        Hold h = find(holdId.toString(), false).orElseThrow();
        List<Leg> legs = legs(holdId);
        ledger.lock(legs.stream().map(Leg::accountId).toList());
        expire(h.id(), legs);
        return true;
    }

    private void release(List<Leg> legs) {
        for (Leg l : legs) {
            ledger.release(l.accountId(), l.amountFen());
            unuse(l);
        }
    }

    private void insertLegs(UUID holdId, List<Leg> legs) {
        if (legs.isEmpty()) {
            return;
        }
        db.update("INSERT INTO hold_leg (hold_id, leg_no, account_id, psn_no, psn_name, source, relation, binding_id, "
                        + "amount_fen) SELECT ?, * FROM unnest(?::int[], ?::bigint[], ?::varchar[], ?::varchar[], "
                        + "?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[])", holdId,
                (Object) legs.stream().map(Leg::legNo).toArray(Integer[]::new),
                (Object) legs.stream().map(Leg::accountId).toArray(Long[]::new),
                (Object) legs.stream().map(Leg::psnNo).toArray(String[]::new),
                (Object) legs.stream().map(Leg::psnName).toArray(String[]::new),
                (Object) legs.stream().map(Leg::source).toArray(String[]::new),
                (Object) legs.stream().map(Leg::relation).toArray(String[]::new),
                (Object) legs.stream().map(Leg::bindingId).toArray(String[]::new),
                (Object) legs.stream().map(Leg::amountFen).toArray(Long[]::new));
    }

    private static Map<Long, Long> sumByAccount(List<Leg> legs) {
        Map<Long, Long> out = new TreeMap<>();
        legs.forEach(l -> out.merge(l.accountId(), l.amountFen(), Long::sum));
        return out;
    }

    /** What the mandates' legs paid or hold counts against their caps (one statement). */
    private void use(List<Leg> legs) {
        // in ascending binding id, as every path takes usage rows
        List<Leg> mandated = legs.stream().filter(l -> l.bindingId() != null)
                .sorted(Comparator.comparing(Leg::bindingId)).toList();
        if (mandated.isEmpty()) {
            return;
        }
        db.update("INSERT INTO mandate_usage (binding_id, funder_psn_no, used_fen) "
                        + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bigint[]) "
                        + "ON CONFLICT (binding_id) DO UPDATE SET used_fen = mandate_usage.used_fen + EXCLUDED.used_fen",
                (Object) mandated.stream().map(Leg::bindingId).toArray(String[]::new),
                (Object) mandated.stream().map(Leg::psnNo).toArray(String[]::new),
                (Object) mandated.stream().map(Leg::amountFen).toArray(Long[]::new));
    }

    /** What a mandate paid or holds no longer counts against its cap once released or refunded. */
    private void unuse(Leg l) {
        if (l.bindingId() != null) {
            db.update("UPDATE mandate_usage SET used_fen = used_fen - ? WHERE binding_id = ?", l.amountFen(),
                    l.bindingId());
        }
    }

    /** Now, as the ledger stores instants (UTC, microseconds). */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
