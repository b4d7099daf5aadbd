package cn.familyaid.wallet.service;

import cn.familyaid.wallet.domain.FundingPlan;
import cn.familyaid.wallet.ledger.Db;
import cn.familyaid.wallet.ledger.HoldStatus;
import cn.familyaid.wallet.ledger.Holds;
import cn.familyaid.wallet.ledger.Holds.Hold;
import cn.familyaid.wallet.ledger.Holds.Leg;
import cn.familyaid.wallet.ledger.Ledger;
import cn.familyaid.wallet.ledger.LedgerAccount;
import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.messaging.Reply;
import cn.familyaid.wallet.messaging.Reply.Code;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The ledger commands' handlers: each validates its command, looks up and locks what it acts on (for a funding plan:
 * the plan row, the parties' accounts and the caps' usage, then the plan's candidates allocated), checks it under
 * those locks, and has the ledger ({@link Holds}, {@link Ledger}) place, post, void, expire or refund the hold. Every
 * method runs in the caller's transaction and returns the command's reply; a refusal changes nothing.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class LedgerCommandHandlers {
    static final int DEFAULT_EXPIRY_SECONDS = 900;
    /** A pending hold keeps money from its owner: it may last at most an hour (a lost reply strands nothing long). */
    static final int MAX_EXPIRY_SECONDS = 3600;
    private static final String CLOSED = "CLOSED";

    @Inject
    Db db;

    @Inject
    Ledger ledger;

    @Inject
    Holds holds;

    record Mandate(String bindingId, String funderPsnNo, String relation, String shareMode, Long capFen,
                   long retainedMinFen) {
    }

    /** A leg as the replies list it; {@code refundedTo}: where a refund went instead of the leg's closed account. */
    private static Reply.Leg reply(Leg l, String refundedTo) {
        return new Reply.Leg(l.legNo(), l.psnNo(), l.psnName(), l.source(), l.relation(), l.amountFen(), refundedTo);
    }

    private static List<Reply.Leg> replies(List<Leg> legs) {
        return legs.stream().map(l -> reply(l, null)).toList();
    }

    // ---------------------------------------------------------------- HOLD_FOR_PLAN and SETTLE (R-SET-2, R-BIND-6)

    /**
     * What a funding plan allocated, under the locks it was allocated under: the accounts (and the clearing account,
     * when asked) row-locked in one ascending-id statement, the mandates' usage rows locked.
     */
    record Planned(Reply.Refused refusal, FundingPlan.Allocation allocation, Map<Long, LedgerAccount> locked,
                   LedgerCommand.Institution inst) {
    }

    /**
     * Validates a HOLD_FOR_PLAN or SETTLE command and allocates the bill (own account → own wallet → funders in
     * deduction order, within caps and above retained minimums): the plan row share-locked first (R-BIND-8), then
     * the beneficiary's and funders' accounts and {@code clearingId} (if not null) locked in one ascending
     * statement, then the usage rows. Frozen (deceased) and closed funders no longer pay (R-BIND-10). Writes nothing.
     */
    Planned plan(LedgerCommand.Bill c, Long clearingId) {
        String id = c.commandId();
        LedgerCommand.Institution inst = c.institution();
        if (blank(c.beneficiaryPsnNo())) {
            return refusal(Reply.refused(id, Code.VALIDATION, "beneficiary_psn_no is required"));
        }
        if (c.amountFen() == null || c.amountFen() < 0) {
            return refusal(Reply.refused(id, Code.VALIDATION, "amount_fen must be a non-negative integer"));
        }
        if (blank(c.reference())) {
            return refusal(Reply.refused(id, Code.VALIDATION, "reference is required"));
        }
        if (inst == null || blank(inst.fixmedinsCode())) {
            return refusal(Reply.refused(id, Code.VALIDATION, "institution.fixmedins_code is required"));
        }
        String beneficiary = c.beneficiaryPsnNo();
        boolean useAccount = Boolean.TRUE.equals(c.useAccount());
        boolean useFamily = useAccount && Boolean.TRUE.equals(c.useFamily());
        List<Mandate> mandates = useFamily ? mandates(beneficiary) : List.of();
        Set<String> people = new LinkedHashSet<>();
        people.add(beneficiary);
        mandates.forEach(m -> people.add(m.funderPsnNo()));
        Map<String, String> names = names(people);
        if (!names.containsKey(beneficiary)) {
            return refusal(Reply.refused(id, Code.NOT_FOUND, "person " + beneficiary + " is not known to the ledger"));
        }
        Map<Long, LedgerAccount> locked = useAccount ? ledger.lockParties(beneficiary,
                mandates.stream().map(Mandate::funderPsnNo).distinct().toList(), clearingId) : Map.of();
        Map<String, LedgerAccount> personal = new HashMap<>();
        LedgerAccount wallet = null;
        for (LedgerAccount a : locked.values()) {
            if ("PERSONAL".equals(a.kind())) {
                personal.put(a.psnNo(), a);
            } else if ("WALLET".equals(a.kind()) && beneficiary.equals(a.psnNo())) {
                wallet = a;
            }
        }
        List<String> capped = mandates.stream().filter(m -> "CAP".equals(m.shareMode())).map(Mandate::bindingId)
                .toList();
        Map<String, Long> used = lockUsage(capped);

        List<FundingPlan.Candidate> candidates = new ArrayList<>();
        LedgerAccount own = useAccount ? personal.get(beneficiary) : null;
        if (own != null && own.active()) {
            candidates.add(new FundingPlan.Candidate(own.id(), beneficiary, names.get(beneficiary),
                    FundingPlan.Source.PERSONAL, "SELF", null, own.available(), 0, FundingPlan.NO_CAP));
        }
        // R-WAL-4: the wallet pays only at a wallet-enabled institution of the wallet's region
        if (wallet != null && wallet.active() && Boolean.TRUE.equals(inst.walletEnabled())
                && wallet.admdvs().equals(inst.admdvs())) {
            candidates.add(new FundingPlan.Candidate(wallet.id(), beneficiary, names.get(beneficiary),
                    FundingPlan.Source.WALLET, "SELF", null, wallet.available(), 0, FundingPlan.NO_CAP));
        }
        for (Mandate m : mandates) {
            LedgerAccount fa = personal.get(m.funderPsnNo());
            if (fa == null || !fa.active() || m.funderPsnNo().equals(beneficiary)) {
                continue; // frozen (deceased) or closed funders no longer pay (R-BIND-10)
            }
            long capLeft = "CAP".equals(m.shareMode())
                    ? Math.max(0, m.capFen() - used.getOrDefault(m.bindingId(), 0L)) : FundingPlan.NO_CAP;
            candidates.add(new FundingPlan.Candidate(fa.id(), m.funderPsnNo(), names.get(m.funderPsnNo()),
                    FundingPlan.Source.PERSONAL, m.relation(), m.bindingId(), fa.available(), m.retainedMinFen(),
                    capLeft));
        }
        return new Planned(null, FundingPlan.allocate(c.amountFen(), candidates), locked, inst);
    }

    private static Planned refusal(Reply.Refused r) {
        return new Planned(r, null, null, null);
    }

    public Reply holdForPlan(LedgerCommand.HoldForPlan c) {
        String id = c.commandId();
        int ttl = c.expiresInSeconds() == null ? DEFAULT_EXPIRY_SECONDS : c.expiresInSeconds();
        if (ttl <= 0 || ttl > MAX_EXPIRY_SECONDS) {
            return Reply.refused(id, Code.VALIDATION,
                    "expires_in_seconds must be between 1 and " + MAX_EXPIRY_SECONDS).at("expires_in_seconds");
        }
        Planned p = plan(c, null);
        if (p.refusal() != null) {
            return p.refusal();
        }
        FundingPlan.Allocation allocation = p.allocation();
        UUID holdId = UUID.randomUUID();
        OffsetDateTime now = Holds.now();
        OffsetDateTime expiresAt = now.plusSeconds(ttl);
        List<Leg> legs = legsOf(allocation);
        holds.place(holdId, bill(c, p), legs, expiresAt, now);
        return new Reply.Held(id, holdId.toString(), replies(legs), allocation.cashFen(), expiresAt.toString());
    }

    /** The hold's record of a plan's bill. */
    private static Holds.Bill bill(LedgerCommand.Bill c, Planned p) {
        return new Holds.Bill(c.beneficiaryPsnNo(), c.amountFen(), p.allocation().drawnFen(), p.allocation().cashFen(),
                c.reference(), c.commandId(), p.inst().fixmedinsCode(), p.inst().fixmedinsType());
    }

    /**
     * SETTLE: a one-shot settlement allocated and posted in this one transaction (a hold placed and posted at
     * once, so a reversal refunds it by its legs as any posted hold). Refused, moving nothing, when it reaches the
     * ledger after its {@code not_after}: the caller has given up on it by then, and the refusal is stored with the
     * command id, so the command can never post later. Frozen or closed accounts among the payers are skipped
     * under the lock (their owners' money is not drawn); the rest is cash.
     */
    public Reply settle(LedgerCommand.Settle c) {
        String id = c.commandId();
        if (c.notAfter() == null || blank(c.notAfter().text())) {
            return Reply.refused(id, Code.VALIDATION, "not_after is required").at("not_after");
        }
        OffsetDateTime notAfter = c.notAfter().at();
        if (notAfter == null) {
            return Reply.refused(id, Code.VALIDATION, "not_after must be an ISO-8601 date-time with offset")
                    .at("not_after");
        }
        OffsetDateTime now = Holds.now();
        if (now.isAfter(notAfter)) {
            return Reply.refused(id, Code.DEADLINE_PASSED,
                    "the command reached the ledger at " + now + ", after its deadline " + notAfter);
        }
        if (c.institution() == null || blank(c.institution().fixmedinsCode())) {
            return Reply.refused(id, Code.VALIDATION, "institution.fixmedins_code is required");
        }
        long clearing = ledger.systemAccount(Ledger.clearingCode(c.institution().fixmedinsCode()));
        Planned p = plan(c, clearing);
        if (p.refusal() != null) {
            return p.refusal();
        }
        FundingPlan.Allocation allocation = p.allocation();
        UUID holdId = UUID.randomUUID();
        List<Leg> legs = legsOf(allocation);
        holds.placePosted(holdId, bill(c, p), legs, clearing, p.locked(), now);
        return new Reply.Posted(id, holdId.toString(), replies(legs), allocation.cashFen(),
                ownBalanceAfter(c.beneficiaryPsnNo(), p.locked(), legs));
    }

    /** The beneficiary's own personal account balance after these legs were drawn (null: no such account). */
    private static Long ownBalanceAfter(String beneficiary, Map<Long, LedgerAccount> locked, List<Leg> legs) {
        for (LedgerAccount a : locked.values()) {
            if ("PERSONAL".equals(a.kind()) && beneficiary.equals(a.psnNo())) {
                long drawn = legs.stream().filter(l -> l.accountId() == a.id()).mapToLong(Leg::amountFen).sum();
                return a.balance() - drawn;
            }
        }
        return null;
    }

    /** The person's personal account balance now (null: none), for the replies that report it. */
    private Long ownBalance(String psnNo) {
        return db.one("SELECT balance FROM account WHERE psn_no = ? AND kind = 'PERSONAL'", rs -> rs.getLong(1), psnNo)
                .orElse(null);
    }

    private static List<Leg> legsOf(FundingPlan.Allocation allocation) {
        List<Leg> legs = new ArrayList<>();
        for (FundingPlan.Leg l : allocation.legs()) {
            FundingPlan.Candidate from = l.from();
            legs.add(new Leg(l.legNo(), from.accountId(), from.psnNo(), from.psnName(), from.source().name(),
                    from.relation(), from.bindingId(), l.amountFen()));
        }
        return legs;
    }

    // ---------------------------------------------------------------- POST_HOLD

    /**
     * A settlement hold named by a command, looked up without a lock, and its clearing account (found or created
     * before anything is locked); or why there is none.
     */
    private record SettlementHold(Reply.Refused refusal, long clearing) {
    }

    private SettlementHold settlementHold(String commandId, String holdId) {
        Optional<Hold> found = holds.find(holdId, false);
        if (found.isEmpty()) {
            return new SettlementHold(Reply.refused(commandId, Code.NOT_FOUND, "hold " + holdId + " not found"), 0);
        }
        if (!Holds.PLAN.equals(found.get().kind())) {
            return new SettlementHold(Reply.refused(commandId, Code.VALIDATION,
                    "hold " + holdId + " is not a settlement hold"), 0);
        }
        return new SettlementHold(null, ledger.systemAccount(Ledger.clearingCode(found.get().fixmedinsCode())));
    }

    /** The legs' accounts and one more (the clearing account), in that order. */
    private static Set<Long> accounts(List<Leg> legs, long clearing) {
        Set<Long> ids = new LinkedHashSet<>();
        legs.forEach(l -> ids.add(l.accountId()));
        ids.add(clearing);
        return ids;
    }

    public Reply postHold(LedgerCommand.PostHold c) {
        String id = c.commandId();
        SettlementHold found = settlementHold(id, c.holdId());
        if (found.refusal() != null) {
            return found.refusal();
        }
        long clearing = found.clearing();
        Hold h = holds.find(c.holdId(), true).orElseThrow();
        Optional<Reply.Refused> notPending = notPending(id, h);
        if (notPending.isPresent()) {
            return notPending.get();
        }
        List<Leg> legs = holds.legs(h.id());
        Map<Long, LedgerAccount> locked = ledger.lock(accounts(legs, clearing));
        if (h.expiresAt() != null && h.expiresAt().isBefore(Holds.now())) {
            holds.expire(h.id(), legs);
            return Reply.refused(id, Code.HOLD_EXPIRED, "hold " + h.id() + " expired at " + h.expiresAt());
        }
        for (Leg l : legs) {
            LedgerAccount a = locked.get(l.accountId());
            if ("CLOSED".equals(a.status())) {
                return Reply.refused(id, Code.ACCOUNT_CLOSED, "the account of leg " + l.legNo() + " is closed");
            }
            if ("FROZEN".equals(a.status())) {
                return Reply.refused(id, Code.ACCOUNT_FROZEN, "the account of leg " + l.legNo() + " is frozen");
            }
        }
        holds.post(h, legs, clearing, id);
        return new Reply.Posted(id, h.id().toString(), replies(legs), h.cashFen(), ownBalance(h.psnNo()));
    }

    // ---------------------------------------------------------------- VOID_HOLD

    /** Voids a pending hold; {@code kind} (PLAN or WITHDRAWAL) is the only kind the requester may void, null: any. */
    public Reply voidHold(LedgerCommand.VoidHold c, String kind) {
        String id = c.commandId();
        Optional<Hold> found = holds.find(c.holdId(), true);
        if (found.isEmpty()) {
            return Reply.refused(id, Code.NOT_FOUND, "hold " + c.holdId() + " not found");
        }
        Hold h = found.get();
        if (kind != null && !kind.equals(h.kind())) {
            return Reply.refused(id, Code.FORBIDDEN_COMMAND, "hold " + c.holdId() + " is not the requester's");
        }
        Optional<Reply.Refused> notPending = notPending(id, h);
        if (notPending.isPresent()) {
            return notPending.get();
        }
        List<Leg> legs = holds.legs(h.id());
        ledger.lock(legs.stream().map(Leg::accountId).toList());
        holds.voidHold(h.id(), legs);
        return new Reply.Voided(id, h.id().toString());
    }

    // ---------------------------------------------------------------- REFUND_HOLD (R-SET-7)

    public Reply refundHold(LedgerCommand.RefundHold c) {
        String id = c.commandId();
        SettlementHold found = settlementHold(id, c.holdId());
        if (found.refusal() != null) {
            return found.refusal();
        }
        long clearing = found.clearing();
        long payouts = ledger.systemAccount(Ledger.WITHDRAWAL_PAYOUTS);
        Hold h = holds.find(c.holdId(), true).orElseThrow();
        if (!h.status().mayBecome(HoldStatus.REFUNDED)) {
            return Reply.refused(id, Code.HOLD_NOT_PENDING,
                    "hold " + h.id() + " is " + h.status() + "; only a POSTED hold can be refunded");
        }
        List<Leg> legs = holds.legs(h.id());
        Set<Long> ids = accounts(legs, clearing);
        // CLOSED is final, so an unlocked look tells whether the payout account must be locked too
        boolean toClosed = legs.stream().anyMatch(l -> ledger.byId(l.accountId()).map(a -> CLOSED.equals(a.status()))
                .orElse(false));
        if (toClosed) {
            ids.add(payouts);
        }
        Map<Long, LedgerAccount> locked = ledger.lock(ids);
        Map<Integer, Long> refundTo = new HashMap<>();
        List<Reply.Leg> refunded = new ArrayList<>();
        for (Leg l : legs) {
            // every leg is refunded exactly what it paid; an account closed since then (R-WD-8) can't hold money
            // any more, so its refund leaves with the closing withdrawal instead of stranding in a dead account
            boolean closed = CLOSED.equals(locked.get(l.accountId()).status());
            if (closed && !toClosed) {
                throw new LedgerCommandService.Retry("an account of hold " + h.id() + " was closed meanwhile");
            }
            refundTo.put(l.legNo(), closed ? payouts : l.accountId());
            refunded.add(reply(l, closed ? Ledger.WITHDRAWAL_PAYOUTS : null));
        }
        holds.refund(h, legs, clearing, refundTo, id);
        return new Reply.Refunded(id, h.id().toString(), refunded, ownBalance(h.psnNo()));
    }

    // ---------------------------------------------------------------- HOLD_WITHDRAWAL (R-WD-10)

    public Reply holdWithdrawal(LedgerCommand.HoldWithdrawal c) {
        String id = c.commandId();
        if (blank(c.psnNo())) {
            return Reply.refused(id, Code.VALIDATION, "psn_no is required");
        }
        if (c.amountFen() != null && c.amountFen() < 0) {
            return Reply.refused(id, Code.VALIDATION, "amount_fen must not be negative");
        }
        Optional<LedgerAccount> account = ledger.find(c.psnNo(), "PERSONAL");
        if (account.isEmpty()) {
            return Reply.refused(id, Code.NOT_FOUND, "no personal account for " + c.psnNo());
        }
        LedgerAccount a = ledger.lock(List.of(account.get().id())).get(account.get().id());
        if ("CLOSED".equals(a.status())) {
            return Reply.refused(id, Code.ACCOUNT_CLOSED, "the personal account is closed");
        }
        long amount = c.amountFen() == null ? a.available() : c.amountFen();
        if (amount > a.available()) {
            return Reply.refused(id, Code.INSUFFICIENT_BALANCE,
                    "available " + a.available() + " fen is less than " + amount + " fen");
        }
        UUID holdId = UUID.randomUUID();
        Leg leg = amount > 0 ? new Leg(1, a.id(), a.psnNo(), names(List.of(a.psnNo())).get(a.psnNo()), "PERSONAL",
                "SELF", null, amount) : null;
        holds.placeWithdrawal(holdId, c.psnNo(), amount, c.reference() == null ? "" : c.reference(), id, leg,
                Holds.now());
        return new Reply.WithdrawalHeld(id, holdId.toString(), amount);
    }

    // ---------------------------------------------------------------- PAYOUT (R-WD-7, R-WD-8)

    public Reply payout(LedgerCommand.Payout c) {
        String id = c.commandId();
        Optional<Hold> found = holds.find(c.holdId(), false);
        if (found.isEmpty()) {
            return Reply.refused(id, Code.NOT_FOUND, "hold " + c.holdId() + " not found");
        }
        if (!Holds.WITHDRAWAL.equals(found.get().kind())) {
            return Reply.refused(id, Code.VALIDATION, "hold " + c.holdId() + " is not a withdrawal hold");
        }
        long payouts = ledger.systemAccount(Ledger.WITHDRAWAL_PAYOUTS);
        Hold h = holds.find(c.holdId(), true).orElseThrow();
        Optional<Reply.Refused> notPending = notPending(id, h);
        if (notPending.isPresent()) {
            return notPending.get();
        }
        LedgerAccount account = ledger.find(h.psnNo(), "PERSONAL").orElseThrow();
        boolean close = Boolean.TRUE.equals(c.closeAccount());
        // R-WD-8: a full withdrawal takes everything. The account's other pending holds (a settlement in progress,
        // a mutual-aid leg, another withdrawal) are voided first, so no money stays held in the closed account.
        // Hold rows are locked before accounts, as every other path does.
        List<UUID> others = close ? holds.otherPending(account.id(), h.id(), true) : List.of();
        Map<UUID, List<Leg>> otherLegs = new LinkedHashMap<>();
        Set<Long> ids = new LinkedHashSet<>(List.of(account.id(), payouts));
        for (UUID other : others) {
            otherLegs.put(other, holds.legs(other));
            otherLegs.get(other).forEach(l -> ids.add(l.accountId()));
        }
        LedgerAccount a = ledger.lock(ids).get(account.id());
        if (CLOSED.equals(a.status())) {
            return Reply.refused(id, Code.ACCOUNT_CLOSED, "the personal account is already closed");
        }
        if (close && !new HashSet<>(holds.otherPending(a.id(), h.id(), false)).equals(new HashSet<>(others))) {
            // a hold was placed between the look-up and the account lock: start again with it included
            throw new LedgerCommandService.Retry("a hold was placed on account " + a.id() + " meanwhile");
        }
        otherLegs.forEach(holds::voidHold);
        List<Ledger.Posted> posted = new ArrayList<>(holds.transferHeld(h, holds.legs(h.id()), payouts, "withdrawal",
                id));
        long paid = posted.stream().mapToLong(Ledger.Posted::amountFen).sum();
        if (close) {
            // money credited after the hold was placed, or released from the voided holds, leaves with the rest:
            // a closed account holds nothing
            long rest = ledger.byId(a.id()).orElseThrow().available();
            if (rest > 0) {
                long t = ledger.transfer(new Ledger.Movement(a.id(), payouts, rest, "withdrawal", h.reference(), id,
                        h.id(), null, false));
                posted.add(new Ledger.Posted(a.psnNo(), t, rest));
                paid += rest;
            }
            ledger.close(a, "WITHDRAWAL", Holds.now());
        }
        holds.resolve(h.id(), HoldStatus.POSTED);
        ledger.accountsChanged(List.of(a.id()));
        if (!posted.isEmpty()) {
            ledger.posted(posted, "withdrawal", h.reference());
        }
        return new Reply.PaidOut(id, h.id().toString(), paid, close, others.stream().map(UUID::toString).toList());
    }

    // ---------------------------------------------------------------- helpers

    private Optional<Reply.Refused> notPending(String commandId, Hold h) {
        if (h.status() == HoldStatus.PENDING) {
            return Optional.empty();
        }
        if (h.status() == HoldStatus.EXPIRED) {
            return Optional.of(Reply.refused(commandId, Code.HOLD_EXPIRED, "hold " + h.id() + " expired"));
        }
        return Optional.of(Reply.refused(commandId, Code.HOLD_NOT_PENDING, "hold " + h.id() + " is " + h.status()));
    }

    /**
     * The beneficiary's mandates in deduction order, with the plan row share-locked until the hold commits
     * (R-BIND-8): binding.changed takes that row FOR UPDATE, so an unbind or a cap cut commits either before this
     * read (and is seen) or after this hold; it can't slip in while the hold waits for its account locks. Taken
     * before any account lock (binding.changed locks no account), so the lock order stays plan → accounts → usage.
     */
    private List<Mandate> mandates(String beneficiary) {
        db.list("SELECT 1 FROM funding_plan WHERE beneficiary_psn_no = ? FOR SHARE", rs -> rs.getInt(1), beneficiary);
        return db.list("SELECT binding_id, funder_psn_no, relation, share_mode, cap_fen, retained_min_fen "
                        + "FROM mandate WHERE beneficiary_psn_no = ? ORDER BY ord",
                rs -> new Mandate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Long) rs.getObject(5, Long.class), rs.getLong(6)), beneficiary);
    }

    /**
     * Takes, for a group of SETTLE commands applied in one transaction, every lock any of them will take, in the
     * order each takes its own (plan rows shared → accounts → capped mandates' usage), each kind in one statement in
     * ascending order: two groups, or a group and a single command, then wait for each other instead of deadlocking.
     * A superset is locked (all the beneficiaries' and their funders' accounts, all the clearing accounts), never
     * less; each command then reads its rows under locks its transaction already holds. The clearing accounts are
     * found or created first, before any lock ({@link Ledger#systemAccount}).
     */
    public void lockGroup(List<LedgerCommand.Settle> group) {
        Set<String> beneficiaries = new TreeSet<>();
        Set<Long> clearings = new TreeSet<>();
        for (LedgerCommand.Settle c : group) {
            if (!blank(c.beneficiaryPsnNo())) {
                beneficiaries.add(c.beneficiaryPsnNo());
            }
            if (c.institution() != null && !blank(c.institution().fixmedinsCode())) {
                clearings.add(ledger.systemAccount(Ledger.clearingCode(c.institution().fixmedinsCode())));
            }
        }
        String[] people = beneficiaries.toArray(String[]::new);
        db.list("SELECT 1 FROM funding_plan WHERE beneficiary_psn_no = ANY(?) ORDER BY beneficiary_psn_no FOR SHARE",
                rs -> rs.getInt(1), (Object) people);
        db.list("SELECT id FROM account WHERE (psn_no = ANY(?) AND kind IN ('PERSONAL', 'WALLET')) "
                        + "OR (kind = 'PERSONAL' AND psn_no IN (SELECT funder_psn_no FROM mandate "
                        + "WHERE beneficiary_psn_no = ANY(?))) OR id = ANY(?) ORDER BY id FOR UPDATE",
                rs -> rs.getLong(1), people, people, clearings.toArray(Long[]::new));
        db.list("SELECT 1 FROM mandate_usage WHERE binding_id IN (SELECT binding_id FROM mandate "
                        + "WHERE beneficiary_psn_no = ANY(?) AND share_mode = 'CAP') ORDER BY binding_id FOR UPDATE",
                rs -> rs.getInt(1), (Object) people);
    }

    private Map<String, Long> lockUsage(List<String> bindingIds) {
        Map<String, Long> used = new HashMap<>();
        if (bindingIds.isEmpty()) {
            return used;
        }
        db.list("SELECT binding_id, used_fen FROM mandate_usage WHERE binding_id = ANY(?) ORDER BY binding_id "
                        + "FOR UPDATE", rs -> used.put(rs.getString(1), rs.getLong(2)),
                (Object) bindingIds.toArray(String[]::new));
        return used;
    }

    Map<String, String> names(Collection<String> psnNos) {
        Map<String, String> names = new HashMap<>();
        db.list("SELECT psn_no, psn_name FROM insured_person WHERE psn_no = ANY(?)",
                rs -> names.put(rs.getString(1), rs.getString(2)), (Object) psnNos.toArray(String[]::new));
        return names;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
