package cn.familyaid.wallet.ledger;

import cn.familyaid.wallet.mapping.AccountChanged;
import cn.familyaid.wallet.mapping.AccountClosed;
import cn.familyaid.wallet.mapping.LedgerPosted;
import cn.familyaid.wallet.outbox.AfterCommit;
import cn.familyaid.wallet.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The double-entry core. Every movement is one immutable {@code ledger_transfer} from a debit account to a
 * credit account; balances and {@code held} are the only things updated in place. Callers lock the accounts
 * involved first ({@link #lock}: one statement, ordered by account id, so concurrent operations on
 * overlapping accounts never deadlock) and then check and move money under those locks; the database's
 * CHECKs (balance ≥ 0, held ≤ balance) are the last line.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Ledger {
    public static final String PLATFORM_CREDITS = "PLATFORM_CREDITS";
    public static final String WITHDRAWAL_PAYOUTS = "WITHDRAWAL_PAYOUTS";

    @Inject
    Db db;

    @Inject
    Outbox outbox;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** System account ids by code, once committed (a hot lookup: every settlement names its clearing account). */
    private final ConcurrentMap<String, Long> systemAccounts = new ConcurrentHashMap<>();

    public static String clearingCode(String fixmedinsCode) {
        return "CLEARING:" + fixmedinsCode;
    }

    public Optional<LedgerAccount> find(String psnNo, String kind) {
        return db.one("SELECT " + LedgerAccount.COLUMNS + " FROM account WHERE psn_no = ? AND kind = ?",
                LedgerAccount::from, psnNo, kind);
    }

    public Optional<LedgerAccount> byId(long id) {
        return db.one("SELECT " + LedgerAccount.COLUMNS + " FROM account WHERE id = ?", LedgerAccount::from, id);
    }

    /**
     * The id of a system account, created on first use. Call it before locking anything: a concurrent
     * creator of the same account waits here while holding no other lock.
     */
    public long systemAccount(String code) {
        Long cached = systemAccounts.get(code);
        if (cached != null) {
            return cached;
        }
        Object createdHere = transaction.getResource(CREATED + code);
        if (createdHere != null) {
            return (Long) createdHere; // created earlier in this transaction: cached once it commits
        }
        Optional<Long> id = db.one("SELECT id FROM account WHERE code = ?", rs -> rs.getLong(1), code);
        if (id.isPresent()) {
            // not created by this transaction, so committed by another: system accounts are never deleted nor
            // renumbered
            systemAccounts.put(code, id.get());
            return id.get();
        }
        int inserted = db.update("INSERT INTO account (psn_no, kind, admdvs, status, balance, held, opened_at, version, "
                + "code) VALUES (NULL, 'SYSTEM', NULL, 'ACTIVE', 0, 0, now(), 0, ?) ON CONFLICT (code) DO NOTHING", code);
        long created = db.one("SELECT id FROM account WHERE code = ?", rs -> rs.getLong(1), code).orElseThrow();
        if (inserted == 1) {
            // this transaction's own row until it commits: a rollback (a group that runs again one by one) must
            // not leave its id in the cache
            transaction.putResource(CREATED + code, created);
            AfterCommit.run(transaction, () -> systemAccounts.put(code, created));
        } else {
            systemAccounts.put(code, created);
        }
        return created;
    }

    /** Transaction resource key prefix: a system account this transaction created (code → id). */
    private static final String CREATED = "ledger.system-account-created:";

    /** Locks the accounts in ascending id order and returns them by id. */
    public Map<Long, LedgerAccount> lock(Collection<Long> ids) {
        Long[] sorted = new TreeSet<>(ids).toArray(Long[]::new);
        Map<Long, LedgerAccount> out = new LinkedHashMap<>();
        for (LedgerAccount a : db.list("SELECT " + LedgerAccount.COLUMNS
                + " FROM account WHERE id = ANY(?) ORDER BY id FOR UPDATE", LedgerAccount::from, (Object) sorted)) {
            out.put(a.id(), a);
        }
        return out;
    }

    /**
     * Finds and row-locks, in one statement ordered by id, the beneficiary's personal account and wallet, the
     * funders' personal accounts and (if not null) one more account by id (the clearing account of a settlement).
     * The lock is the read: status and balances are those under the lock.
     */
    public Map<Long, LedgerAccount> lockParties(String beneficiary, List<String> funders, Long extraId) {
        Map<Long, LedgerAccount> out = new LinkedHashMap<>();
        for (LedgerAccount a : db.list("SELECT " + LedgerAccount.COLUMNS + " FROM account "
                        + "WHERE (psn_no = ? AND kind IN ('PERSONAL', 'WALLET')) "
                        + "OR (psn_no = ANY(?) AND kind = 'PERSONAL') OR id = ? ORDER BY id FOR UPDATE",
                LedgerAccount::from, beneficiary, (Object) funders.toArray(String[]::new),
                extraId == null ? -1L : extraId)) {
            out.put(a.id(), a);
        }
        return out;
    }

    /** Reserves money of locked person accounts (fen by account id) in one statement; false if any lacks it. */
    public boolean hold(Map<Long, Long> amounts) {
        return db.update("UPDATE account a SET held = a.held + d.amount FROM unnest(?::bigint[], ?::bigint[]) "
                        + "AS d(id, amount) WHERE a.id = d.id AND a.held + d.amount <= a.balance",
                (Object) amounts.keySet().toArray(Long[]::new), (Object) amounts.values().toArray(Long[]::new))
                == amounts.size();
    }

    /**
     * Posts movements between accounts the caller has locked ({@code locked}, as read under the lock) in three
     * statements: the transfers (ids returned in the order given), every account's balance once (net of all the
     * movements); account.changed for each person account touched is added to {@code events}. The movements are the
     * legs of one request (one reference, request id and hold); none is taken from held money.
     */
    public List<Long> transferAll(List<Movement> moves, Map<Long, LedgerAccount> locked, List<Outbox.Event> events) {
        Movement first = moves.get(0);
        if (moves.stream().anyMatch(m -> m.fromHeld() || !m.reference().equals(first.reference())
                || !m.requestId().equals(first.requestId()) || !Objects.equals(m.holdId(), first.holdId()))) {
            throw new IllegalArgumentException("transferAll posts the legs of one request, none from held money");
        }
        List<Long> ids = db.list("INSERT INTO ledger_transfer (debit_account_id, credit_account_id, amount_fen, reason, "
                        + "reference, request_id, hold_id, leg_no) SELECT t.d, t.c, t.a, t.r, ?, ?, ?, t.l "
                        + "FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::varchar[], ?::int[]) "
                        + "WITH ORDINALITY AS t(d, c, a, r, l, n) ORDER BY t.n RETURNING id",
                rs -> rs.getLong(1), first.reference(), first.requestId(), first.holdId(),
                (Object) moves.stream().map(Movement::debitAccountId).toArray(Long[]::new),
                (Object) moves.stream().map(Movement::creditAccountId).toArray(Long[]::new),
                (Object) moves.stream().map(Movement::amountFen).toArray(Long[]::new),
                (Object) moves.stream().map(Movement::reason).toArray(String[]::new),
                (Object) moves.stream().map(Movement::legNo).toArray(Integer[]::new));
        Map<Long, Long> delta = new TreeMap<>();
        for (Movement m : moves) {
            delta.merge(m.debitAccountId(), -m.amountFen(), Long::sum);
            delta.merge(m.creditAccountId(), m.amountFen(), Long::sum);
        }
        db.update("UPDATE account a SET balance = a.balance + d.delta, version = a.version + 1 "
                        + "FROM unnest(?::bigint[], ?::bigint[]) AS d(id, delta) WHERE a.id = d.id",
                (Object) delta.keySet().toArray(Long[]::new), (Object) delta.values().toArray(Long[]::new));
        delta.forEach((id, d) -> {
            LedgerAccount a = locked.get(id);
            if (a == null) {
                throw new IllegalStateException("account " + id + " was moved without being locked");
            }
            if (a.isPerson()) {
                LedgerAccount after = new LedgerAccount(a.id(), a.psnNo(), a.kind(), a.admdvs(), a.status(),
                        a.balance() + d, a.held(), a.code(), a.version() + 1);
                events.add(new Outbox.Event(AccountChanged.TOPIC, a.psnNo(), AccountChanged.TYPE,
                        AccountChanged.SCHEMA_VERSION, AccountChanged.of(after)));
            }
        });
        return ids;
    }

    /** {@link #posted}'s events added to {@code events}, and all of them written in one outbox statement. */
    public void postedEvents(List<Posted> transfers, String reason, String reference, List<Outbox.Event> events) {
        postedByOwner(transfers).forEach((owner, list) -> events.add(new Outbox.Event(LedgerPosted.TOPIC, owner,
                LedgerPosted.TYPE, LedgerPosted.SCHEMA_VERSION, new LedgerPosted(owner,
                list.stream().map(Posted::transferId).toList(), reason, reference,
                list.stream().mapToLong(Posted::amountFen).sum()))));
        outbox.publishAll(events);
    }

    private static Map<String, List<Posted>> postedByOwner(List<Posted> transfers) {
        Map<String, List<Posted>> byOwner = new LinkedHashMap<>();
        for (Posted p : transfers) {
            byOwner.computeIfAbsent(p.owner(), k -> new ArrayList<>()).add(p);
        }
        return byOwner;
    }

    /** Reserves money of a locked person account for a pending hold; false if not available. */
    public boolean hold(long accountId, long amountFen) {
        return db.update("UPDATE account SET held = held + ? WHERE id = ? AND held + ? <= balance",
                amountFen, accountId, amountFen) == 1;
    }

    /** Releases a reservation (void, expiry). */
    public void release(long accountId, long amountFen) {
        if (db.update("UPDATE account SET held = held - ? WHERE id = ? AND held >= ?",
                amountFen, accountId, amountFen) != 1) {
            throw new IllegalStateException("account " + accountId + " does not hold " + amountFen);
        }
    }

    /**
     * Moves money: one immutable transfer, debit balance down (and its reservation released when the money
     * was held), credit balance up. Returns the transfer id.
     */
    public long transfer(Movement m) {
        long id = db.one("INSERT INTO ledger_transfer (debit_account_id, credit_account_id, amount_fen, reason, "
                        + "reference, request_id, hold_id, leg_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                rs -> rs.getLong(1), m.debitAccountId(), m.creditAccountId(), m.amountFen(), m.reason(),
                m.reference(), m.requestId(), m.holdId(), m.legNo()).orElseThrow();
        db.update("UPDATE account SET balance = balance - ?, held = held - ?, version = version + 1 WHERE id = ?",
                m.amountFen(), m.fromHeld() ? m.amountFen() : 0L, m.debitAccountId());
        db.update("UPDATE account SET balance = balance + ?, version = version + 1 WHERE id = ?",
                m.amountFen(), m.creditAccountId());
        return id;
    }

    public record Movement(long debitAccountId, long creditAccountId, long amountFen, String reason, String reference,
                           String requestId, UUID holdId, Integer legNo, boolean fromHeld) {
        public static Movement of(long debit, long credit, long amount, String reason, String reference,
                                  String requestId) {
            return new Movement(debit, credit, amount, reason, reference, requestId, null, null, false);
        }
    }

    /** Closes a locked person account for good ({@code reason}: why) and publishes {@code account.closed}. */
    public void close(LedgerAccount a, String reason, OffsetDateTime closedAt) {
        db.update("UPDATE account SET status = 'CLOSED', closed_at = ?, version = version + 1 WHERE id = ?",
                closedAt, a.id());
        outbox.publish(AccountClosed.TOPIC, a.psnNo(), AccountClosed.TYPE, AccountClosed.SCHEMA_VERSION,
                new AccountClosed(a.psnNo(), a.kind(), reason, closedAt.toString()));
    }

    /** Publishes {@code account.changed} for every person account among these (after their change). */
    public void accountsChanged(Collection<Long> accountIds) {
        for (Long id : new TreeSet<>(accountIds)) {
            byId(id).filter(LedgerAccount::isPerson).ifPresent(a -> outbox.publish(AccountChanged.TOPIC, a.psnNo(),
                    AccountChanged.TYPE, AccountChanged.SCHEMA_VERSION, AccountChanged.of(a)));
        }
    }

    /**
     * Publishes {@code ledger.posted}: one event per account owner (the person, or the system account's code)
     * on the paying side of the transfers, listing the transfers of that owner.
     */
    public void posted(List<Posted> transfers, String reason, String reference) {
        postedByOwner(transfers).forEach((owner, list) -> outbox.publish(LedgerPosted.TOPIC, owner, LedgerPosted.TYPE,
                LedgerPosted.SCHEMA_VERSION, new LedgerPosted(owner, list.stream().map(Posted::transferId).toList(),
                        reason, reference, list.stream().mapToLong(Posted::amountFen).sum())));
    }

    /** A transfer as reported in {@code ledger.posted}; owner = psn_no or system account code. */
    public record Posted(String owner, long transferId, long amountFen) {
    }

    public String ownerOf(LedgerAccount a) {
        return a.isPerson() ? a.psnNo() : a.code();
    }
}
