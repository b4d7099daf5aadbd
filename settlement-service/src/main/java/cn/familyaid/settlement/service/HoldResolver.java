package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.domain.SettlementAttempt;
import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.messaging.LedgerReply;
import cn.familyaid.settlement.messaging.LedgerUnavailable;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Releases the money of settlements that did not complete, so a failed settlement never keeps a
 * charge or a hold: a hold whose reply was lost is learnt by re-sending the identical command (the
 * ledger answers its stored reply), then voided; a hold found already posted is refunded by its
 * legs. Also finishes reversals whose ledger answer was late, and gives up PENDING rows left by a
 * crash. Every command id is deterministic, so running this on several replicas at once is harmless.
 */
@ApplicationScoped
public class HoldResolver {
    private static final Logger LOG = Logger.getLogger(HoldResolver.class);
    private static final Set<String> SETTLED_HOLD = Set.of("NONE", "VOIDED", "REFUNDED");

    @Inject
    LedgerClient ledger;

    @Inject
    EntityManager em;

    @Inject
    ManagedExecutor executor;

    @Inject
    ReversalService reversals;

    @Inject
    FamilyAidConfig config;

    /** Tries to resolve soon, off the request thread; the scheduled sweep retries what is left. */
    public void resolveLater(String setlId) {
        executor.runAsync(() -> {
            try {
                resolveSettlementHold(setlId);
            } catch (RuntimeException e) {
                LOG.warnf("resolving the hold of %s failed, the sweep retries: %s", setlId, e.getMessage());
            }
        });
    }

    /** As {@link #resolveLater} for a pre-settlement. */
    public void resolvePreLater(String preSetlId) {
        executor.runAsync(() -> {
            try {
                resolvePreHold(preSetlId);
            } catch (RuntimeException e) {
                LOG.warnf("resolving the hold of %s failed, the sweep retries: %s", preSetlId, e.getMessage());
            }
        });
    }

    @Scheduled(every = "${familyaid.resolver.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).minus(config.resolver().staleAfter());
            // PENDING rows whose request thread died: give them up (their hold is then released below)
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "UPDATE settlement SET status = 'FAILED', failure_code = 'ABANDONED', hold_state = "
                                    + "CASE WHEN hold_id IS NULL AND hold_command IS NOT NULL THEN 'UNKNOWN' "
                                    + "WHEN hold_id IS NULL THEN 'NONE' ELSE 'HELD' END "
                                    + "WHERE status = 'PENDING' AND attempt_started_at < ?1")
                    .setParameter(1, stale).executeUpdate());
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "UPDATE pre_settlement SET status = 'FAILED', failure_code = 'ABANDONED', "
                                    + "hold_state = CASE WHEN hold_id IS NULL THEN 'UNKNOWN' ELSE 'HELD' END "
                                    + "WHERE status = 'PENDING' AND created_at < ?1")
                    .setParameter(1, stale).executeUpdate());
            List<String> failed = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>find(
                    "status = 'FAILED' and holdState in ('UNKNOWN', 'HELD')").page(0, 100).list()
                    .stream().map(s -> s.setlId).toList());
            failed.forEach(this::resolveSettlementHold);
            List<String> pres = QuarkusTransaction.requiringNew().call(() -> PreSettlement.<PreSettlement>find(
                    "status = 'FAILED' and holdState in ('UNKNOWN', 'HELD')").page(0, 100).list()
                    .stream().map(p -> p.preSetlId).toList());
            pres.forEach(this::resolvePreHold);
            List<Settlement> reversing = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>find(
                    "status = 'REVERSING' and createdAt < ?1", stale).page(0, 100).list());
            for (Settlement s : reversing) {
                try {
                    reversals.finishReversal(s);
                } catch (RuntimeException e) {
                    LOG.warnf("reversal of %s still refused by the ledger: %s", s.setlId, e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("hold resolver sweep failed, will retry: %s", e.getMessage());
        }
    }

    /**
     * Releases the hold of a FAILED settlement; true when nothing is held or charged for it any more
     * (also true when the settlement is not FAILED: then there is nothing for this to do).
     */
    public boolean resolveSettlementHold(String setlId) {
        Settlement s = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId));
        if (s == null || !Settlement.FAILED.equals(s.status)) {
            return true;
        }
        if (SETTLED_HOLD.contains(s.holdState)) {
            return true;
        }
        String holdId = s.holdId;
        try {
            if ("UNKNOWN".equals(s.holdState)) {
                awaitDeadline(s.holdCommand);
                LedgerReply r = ledger.send(s.psnNo, s.holdCommand);
                SettlementAttempt.Hold learnt = SettlementAttempt.learnt(SettlementAttempt.Answer.of(r.ok(), r.code()));
                if (learnt == null) {
                    return false; // rolled back and not stored: ask again on the next sweep
                }
                if (learnt == SettlementAttempt.Hold.NONE || r.holdId() == null) {
                    setSettlementHold(s, "NONE", null);
                    return true;
                }
                holdId = r.holdId();
                setSettlementHold(s, "HELD", holdId);
            }
            Released released = releaseHold(s.psnNo, holdId, s.setlId + ":" + s.attempt);
            if (released == null) {
                return false;
            }
            String state = released.state();
            setSettlementHold(s, state, holdId, released.refundedFen());
            if (s.preSetlId != null) {
                QuarkusTransaction.requiringNew().run(() -> {
                    PreSettlement p = PreSettlement.findById(s.preSetlId);
                    p.status = PreSettlement.FAILED;
                    p.holdState = state;
                });
            }
            return true;
        } catch (LedgerUnavailable e) {
            return false;
        }
    }

    /**
     * A SETTLE whose answer was lost is resolved by re-sending it once its deadline has passed: the ledger then
     * answers its stored reply (it was posted: it is refunded next) or refuses it as late and stores that, so the
     * lost original can never post afterwards. Before the deadline the answer could still be either, so this waits
     * for it (at most one deadline: the attempt was built at most that long ago).
     */
    private void awaitDeadline(String command) {
        ledger.notAfter(command).ifPresent(notAfter -> {
            long waitMs = Duration.between(OffsetDateTime.now(ZoneOffset.UTC), notAfter).toMillis() + 50;
            if (waitMs > 0) {
                try {
                    Thread.sleep(Math.min(waitMs, ledger.deadline().toMillis() + 50));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    public boolean resolvePreHold(String preSetlId) {
        PreSettlement p = QuarkusTransaction.requiringNew().call(() -> PreSettlement.<PreSettlement>findById(preSetlId));
        if (p == null || !PreSettlement.FAILED.equals(p.status) || SETTLED_HOLD.contains(p.holdState)) {
            return true;
        }
        String holdId = p.holdId;
        try {
            if ("UNKNOWN".equals(p.holdState)) {
                LedgerReply r = ledger.send(p.psnNo, p.holdCommand);
                SettlementAttempt.Hold learnt = SettlementAttempt.learnt(SettlementAttempt.Answer.of(r.ok(), r.code()));
                if (learnt == null) {
                    return false; // rolled back and not stored: ask again on the next sweep
                }
                if (learnt == SettlementAttempt.Hold.NONE || r.holdId() == null) {
                    setPreHold(preSetlId, "NONE", null);
                    return true;
                }
                holdId = r.holdId();
            }
            String state = release(p.psnNo, holdId, preSetlId);
            if (state == null) {
                if ("UNKNOWN".equals(p.holdState)) {
                    setPreHold(preSetlId, "HELD", holdId);
                }
                return false;
            }
            setPreHold(preSetlId, state, holdId);
            return true;
        } catch (LedgerUnavailable e) {
            return false;
        }
    }

    /**
     * Voids a hold; if the ledger says it was already posted, refunds it by its legs. Null when the ledger's answer
     * is not definitive: {@code INTERNAL} (the ledger rolled the command back and stored nothing, so the same command
     * executes afresh when sent again) or a refusal that does not say where the money is. The row then stays
     * unresolved and the sweep sends the same commands again.
     */
    private String release(String psnNo, String holdId, String commandPrefix) throws LedgerUnavailable {
        Released r = releaseHold(psnNo, holdId, commandPrefix);
        return r == null ? null : r.state();
    }

    /** How a hold ended: VOIDED or REFUNDED, and what the ledger refunded from the clearing account (fen). */
    record Released(String state, long refundedFen) {
    }

    private Released releaseHold(String psnNo, String holdId, String commandPrefix) throws LedgerUnavailable {
        LedgerReply v = ledger.voidHold(commandPrefix + ":void", psnNo, holdId);
        if (v.ok() || "HOLD_EXPIRED".equals(v.code()) || "NOT_FOUND".equals(v.code())) {
            return new Released("VOIDED", 0); // released now, expired (released by the ledger), or never placed
        }
        if (!"HOLD_NOT_PENDING".equals(v.code())) {
            LOG.warnf("ledger did not void hold %s (%s); the sweep tries again", holdId, v.code());
            return null;
        }
        LedgerReply r = ledger.refundHold(commandPrefix + ":refund", psnNo, holdId);
        if (r.ok()) {
            LOG.warnf("hold %s had been posted for a failed settlement; refunded by its legs", holdId);
            return new Released("REFUNDED", r.legsOrEmpty().stream().mapToLong(LedgerReply.Leg::amountFen).sum());
        }
        if ("HOLD_NOT_PENDING".equals(r.code())) {
            return new Released("VOIDED", 0); // neither pending nor posted: it was voided or expired already
        }
        LOG.warnf("ledger did not refund posted hold %s (%s); the sweep tries again", holdId, r.code());
        return null;
    }

    private void setSettlementHold(Settlement s, String state, String holdId) {
        setSettlementHold(s, state, holdId, 0);
    }

    /**
     * Moves an unresolved hold on; {@code refundedFen} > 0: the ledger had posted this failed attempt's hold to the
     * clearing account (its reply was lost or came too late) and has now refunded it. R-SET-8: reconciliation counts
     * both in the clearing account's gross totals, as the ledger does: posted on the day the attempt started (the
     * post was sent within its deadline), refunded today. Recorded by whoever moves the hold on first.
     */
    private void setSettlementHold(Settlement s, String state, String holdId, long refundedFen) {
        LocalDate postDay = (s.attemptStartedAt == null ? s.createdAt : s.attemptStartedAt)
                .atZoneSameInstant(config.settlement().zone()).toLocalDate();
        LocalDate today = OffsetDateTime.now(ZoneOffset.UTC).atZoneSameInstant(config.settlement().zone())
                .toLocalDate();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE settlement SET hold_state = ?1, hold_id = COALESCE(?2, hold_id), "
                                + "failed_refund_fen = CASE WHEN ?5 > 0 THEN COALESCE(failed_refund_fen, 0) + ?5 "
                                + "ELSE failed_refund_fen END, "
                                + "failed_post_date = CASE WHEN ?5 > 0 THEN COALESCE(failed_post_date, ?6) "
                                + "ELSE failed_post_date END, "
                                + "failed_refund_date = CASE WHEN ?5 > 0 THEN ?7 ELSE failed_refund_date END "
                                + "WHERE setl_id = ?3 AND attempt = ?4 AND status = 'FAILED' "
                                + "AND hold_state IN ('UNKNOWN', 'HELD')")
                .setParameter(1, state).setParameter(2, holdId).setParameter(3, s.setlId).setParameter(4, s.attempt)
                .setParameter(5, refundedFen).setParameter(6, postDay).setParameter(7, today)
                .executeUpdate());
    }

    private void setPreHold(String preSetlId, String state, String holdId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE pre_settlement SET hold_state = ?1, hold_id = COALESCE(?2, hold_id) WHERE pre_setl_id = ?3")
                .setParameter(1, state).setParameter(2, holdId).setParameter(3, preSetlId).executeUpdate());
    }
}
