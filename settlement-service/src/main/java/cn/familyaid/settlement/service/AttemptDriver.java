package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.domain.SettlementAttempt;
import cn.familyaid.settlement.domain.SettlementAttempt.Answer;
import cn.familyaid.settlement.domain.SettlementAttempt.Step;
import cn.familyaid.settlement.domain.SettlementPayer;
import cn.familyaid.settlement.domain.Split;
import cn.familyaid.settlement.mapping.SettlementEvent;
import cn.familyaid.settlement.mapping.SettlementView;
import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.messaging.LedgerReply;
import cn.familyaid.settlement.messaging.LedgerUnavailable;
import cn.familyaid.settlement.outbox.Outbox;
import cn.familyaid.settlement.problem.RuleViolation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Drives a recorded settlement attempt through the ledger and records where each answer leaves it, as
 * {@link SettlementAttempt} decides: an attempt without a pre-settlement sends its SETTLE command (the ledger
 * allocates and posts it in one command; a hold it answers instead is posted next), one that posts a pre-settlement
 * sends the POST_HOLD of its hold. The row is COMPLETED (split, payers, event) only after the ledger posted, and
 * FAILED with where its money is otherwise, released by {@link HoldResolver} when it may be held or posted.
 */
@ApplicationScoped
public class AttemptDriver {
    private static final Logger LOG = Logger.getLogger(AttemptDriver.class);

    @Inject
    LedgerClient ledger;

    @Inject
    HoldResolver resolver;

    @Inject
    PreSettlementService preSettlements;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    FamilyAidConfig config;

    /**
     * The SETTLE command of a one-shot attempt (no pre-settlement): the ledger refuses it after the deadline this
     * service waits for its answer, so it never posts after the attempt was given up.
     */
    String settleCommand(String setlId, int attempt, String psnNo, long psnPartFen, Checks.Checked k) {
        return ledger.settle(setlId + ":" + attempt + ":settle", psnNo, psnPartFen, k.decision().useAccount(),
                k.decision().useFamily(),
                LedgerCalls.walletOk(k), LedgerCalls.ref(k.institution()), setlId, Rows.now().plus(ledger.deadline()));
    }

    static String postCommand(String setlId, int attempt) {
        return setlId + ":" + attempt + ":post";
    }

    /**
     * Sends the attempt's SETTLE {@code command} (or, with {@code pre}, posts the pre-settlement's hold) and completes
     * the row only after the ledger posted.
     *
     * @param recorded the row as recorded by {@link OneShot}, completed in plain SQL (null: any other attempt)
     */
    SettlementView drive(String setlId, int attempt, Bill bill, Checks.Checked k, PreSettlement pre,
                         String command, Settlement recorded) {
        // the hold id is not written before the post: a crash in between leaves the row PENDING with its hold
        // command, and the resolver learns the hold by re-sending that command (one transaction less per settlement)
        String holdId;
        List<Split.Leg> holdLegs;
        long holdCash;
        LedgerReply posted = null;
        if (pre != null) {
            holdId = pre.holdId;
            holdLegs = preSettlements.legs(pre);
            holdCash = pre.psnCashPayFen;
        } else {
            LedgerReply h;
            try {
                h = ledger.send(bill.psnNo(), command);
            } catch (LedgerUnavailable e) {
                throw failed(setlId, attempt, Step.SETTLE, Answer.TIMEOUT, null, null);
            }
            if (!h.ok()) {
                throw failed(setlId, attempt, Step.SETTLE, Answer.of(false, h.code()), h, null);
            }
            holdId = h.holdId();
            holdLegs = LedgerCalls.legs(bill.psnNo(), h.legsOrEmpty());
            holdCash = LedgerCalls.cashOf(h, bill.psnPartFen());
            if ("POSTED".equals(h.status())) {
                posted = h;
            }
        }
        Split split;
        try {
            split = Split.fromLegs(bill.medfeeFen(), bill.fundPayFen(), bill.psnNo(), holdLegs, holdCash);
        } catch (IllegalStateException e) {
            LOG.errorf("ledger hold %s for settlement %s does not fit the bill: %s", holdId, setlId, e.getMessage());
            fail(setlId, attempt, "LEDGER_INCONSISTENT", "HELD", holdId);
            resolver.resolveLater(setlId);
            throw new RuleViolation(502, "LEDGER_INCONSISTENT", "Bad gateway", "the ledger's answer does not fit the bill");
        }
        // a one-shot SETTLE was posted with its allocation; a pre-settlement's hold is posted now
        LedgerReply p = posted;
        if (p == null) {
            try {
                p = ledger.postHold(postCommand(setlId, attempt), bill.psnNo(), holdId);
            } catch (LedgerUnavailable e) {
                throw failed(setlId, attempt, Step.POST, Answer.TIMEOUT, null, holdId);
            }
            if (!p.ok()) {
                throw failed(setlId, attempt, Step.POST, Answer.of(false, p.code()), p, holdId);
            }
        }
        if (!p.legsOrEmpty().isEmpty()) {
            long postedFen = p.legsOrEmpty().stream().mapToLong(LedgerReply.Leg::amountFen).sum();
            long held = holdLegs.stream().mapToLong(Split.Leg::amountFen).sum();
            if (postedFen != held) {
                LOG.errorf("ledger posted %d fen for hold %s of settlement %s, held %d", postedFen, holdId, setlId,
                        held);
            }
        }
        Long balcFen = p.balcFen();
        SettlementView done = recorded != null && posted != null
                ? QuarkusTransaction.requiringNew().call(() -> completeOneShot(recorded, attempt, split, holdId,
                balcFen))
                : QuarkusTransaction.requiringNew().call(() -> {
            Settlement s = Settlement.findById(setlId, LockModeType.PESSIMISTIC_WRITE);
            if (!Settlement.PENDING.equals(s.status) || s.attempt != attempt) {
                return null;
            }
            s.holdState = "POSTED";
            s.balcFen = balcFen;
            complete(s, split, holdId, s.preSetlId);
            return SettlementView.of(s);
        });
        if (done == null) {
            // the PENDING row was given up by the resolver meanwhile: it will refund what was posted
            resolver.resolveLater(setlId);
            throw LedgerCalls.unavailable();
        }
        return done;
    }

    /** Completes the settlement in the caller's transaction: split, payers, event, pre-settlement used. */
    void complete(Settlement s, Split split, String holdId, String preSetlId) {
        OffsetDateTime now = Rows.now();
        s.markCompleted(split, holdId, now, now.atZoneSameInstant(config.settlement().zone()).toLocalDate());
        for (Split.Leg l : split.legs()) {
            SettlementPayer p = new SettlementPayer();
            p.setlId = s.setlId;
            p.legNo = l.legNo();
            p.psnNo = l.psnNo();
            p.psnName = l.psnName();
            p.relation = l.relation();
            p.source = l.source();
            p.amountFen = l.amountFen();
            p.persist();
        }
        if (preSetlId != null) {
            PreSettlement pre = PreSettlement.findById(preSetlId);
            pre.status = PreSettlement.USED;
            if (pre.holdId != null) {
                pre.holdState = "POSTED";
            }
        }
        em.flush();
        publishCompleted(s);
    }

    /**
     * Completes a recorded one-shot attempt whose SETTLE posted, in plain SQL: the row (if still this attempt and
     * PENDING; null otherwise), its payers in one statement, and the event. {@code s} is the row as recorded.
     */
    private SettlementView completeOneShot(Settlement s, int attempt, Split split, String holdId, Long balcFen) {
        OffsetDateTime now = Rows.now();
        LocalDate day = now.atZoneSameInstant(config.settlement().zone()).toLocalDate();
        List<Split.Leg> legs = split.legs();
        // plain JDBC on the transaction's connection: a native query would have Hibernate parse it and flush first
        boolean updated = em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE settlement SET status = 'COMPLETED', hold_id = ?, "
                    + "hold_state = 'POSTED', acct_pay_fen = ?, acct_mulaid_pay_fen = ?, wlt_pay_fen = ?, "
                    + "psn_cash_pay_fen = ?, setl_time = ?, setl_date = ?, balc_fen = ? "
                    + "WHERE setl_id = ? AND status = 'PENDING' AND attempt = ?")) {
                ps.setString(1, holdId);
                ps.setLong(2, split.acctPayFen());
                ps.setLong(3, split.acctMulaidPayFen());
                ps.setLong(4, split.wltPayFen());
                ps.setLong(5, split.psnCashPayFen());
                ps.setObject(6, now);
                ps.setObject(7, day);
                Rows.setLong(ps, 8, balcFen);
                ps.setString(9, s.setlId);
                ps.setInt(10, attempt);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            if (!legs.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO settlement_payer (setl_id, "
                        + "leg_no, psn_no, psn_name, relation, source, amount_fen) SELECT ?, * FROM unnest(?::int[], "
                        + "?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[])")) {
                    ps.setString(1, s.setlId);
                    ps.setArray(2, c.createArrayOf("integer", legs.stream().map(Split.Leg::legNo).toArray()));
                    ps.setArray(3, c.createArrayOf("varchar", legs.stream().map(Split.Leg::psnNo).toArray()));
                    ps.setArray(4, c.createArrayOf("varchar", legs.stream().map(Split.Leg::psnName).toArray()));
                    ps.setArray(5, c.createArrayOf("varchar", legs.stream().map(Split.Leg::relation).toArray()));
                    ps.setArray(6, c.createArrayOf("varchar", legs.stream().map(Split.Leg::source).toArray()));
                    ps.setArray(7, c.createArrayOf("bigint", legs.stream().map(Split.Leg::amountFen).toArray()));
                    ps.executeUpdate();
                }
            }
            return true;
        });
        if (!updated) {
            return null;
        }
        s.markCompleted(split, holdId, now, day);
        s.balcFen = balcFen;
        publishCompleted(s);
        return SettlementView.of(s, split);
    }

    private void publishCompleted(Settlement s) {
        outbox.publish(SettlementEvent.COMPLETED, s.psnNo, SettlementEvent.COMPLETED, SettlementEvent.SCHEMA_VERSION,
                SettlementEvent.of(s));
    }

    /**
     * Records how the ledger's answer to the attempt's step ended it ({@link SettlementAttempt#answer}): FAILED
     * with where its money is, released in the background when it may be held or posted; returns what the counter
     * is told (409 with the ledger's code, or 503: nothing charged, retry with the same id).
     */
    private RuleViolation failed(String setlId, int attempt, Step step, Answer answer, LedgerReply reply,
                                 String holdId) {
        SettlementAttempt.Outcome o = SettlementAttempt.answer(step, answer);
        fail(setlId, attempt, answer == Answer.TIMEOUT ? "LEDGER_TIMEOUT" : reply.code(), o.next().hold().name(),
                holdId);
        if (o.mustResolve()) {
            resolver.resolveLater(setlId);
        }
        return o.response() == SettlementAttempt.Response.CONFLICT ? LedgerCalls.refused(reply)
                : LedgerCalls.unavailable();
    }

    private void fail(String setlId, int attempt, String code, String holdState, String holdId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE settlement SET status = 'FAILED', failure_code = ?1, hold_state = ?2, "
                                + "hold_id = COALESCE(?3, hold_id) WHERE setl_id = ?4 AND attempt = ?5 AND status = 'PENDING'")
                .setParameter(1, code).setParameter(2, holdState).setParameter(3, holdId).setParameter(4, setlId)
                .setParameter(5, attempt).executeUpdate());
    }
}
