package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.messaging.LedgerReply;
import cn.familyaid.settlement.messaging.LedgerUnavailable;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.time.Duration;
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
    SettlementService settlements;

    @ConfigProperty(name = "familyaid.resolver.stale-after", defaultValue = "30s")
    Duration staleAfter;

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

    @Scheduled(every = "${familyaid.resolver.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void sweep() {
        try {
            OffsetDateTime stale = OffsetDateTime.now(ZoneOffset.UTC).minus(staleAfter);
            // PENDING rows whose request thread died: give them up (their hold is then released below)
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "UPDATE settlement SET status = 'FAILED', failure_code = 'ABANDONED', hold_state = "
                                    + "CASE WHEN hold_id IS NULL AND hold_command IS NOT NULL THEN 'UNKNOWN' "
                                    + "WHEN hold_id IS NULL THEN 'NONE' ELSE 'HELD' END "
                                    + "WHERE status = 'PENDING' AND created_at < ?1")
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
                    settlements.finishReversal(s);
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
                LedgerReply r = ledger.send(s.psnNo, s.holdCommand);
                if (!r.ok() || r.holdId() == null) {
                    setSettlementHold(s, "NONE", null);
                    return true;
                }
                holdId = r.holdId();
                setSettlementHold(s, "HELD", holdId);
            }
            String state = release(s.psnNo, holdId, s.setlId + ":" + s.attempt);
            setSettlementHold(s, state, holdId);
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

    public boolean resolvePreHold(String preSetlId) {
        PreSettlement p = QuarkusTransaction.requiringNew().call(() -> PreSettlement.<PreSettlement>findById(preSetlId));
        if (p == null || !PreSettlement.FAILED.equals(p.status) || SETTLED_HOLD.contains(p.holdState)) {
            return true;
        }
        String holdId = p.holdId;
        try {
            if ("UNKNOWN".equals(p.holdState)) {
                LedgerReply r = ledger.send(p.psnNo, p.holdCommand);
                if (!r.ok() || r.holdId() == null) {
                    setPreHold(preSetlId, "NONE", null);
                    return true;
                }
                holdId = r.holdId();
            }
            setPreHold(preSetlId, release(p.psnNo, holdId, preSetlId), holdId);
            return true;
        } catch (LedgerUnavailable e) {
            return false;
        }
    }

    /** Voids a hold; if the ledger says it was already posted, refunds it by its legs. */
    private String release(String psnNo, String holdId, String commandPrefix) throws LedgerUnavailable {
        LedgerReply v = ledger.voidHold(commandPrefix + ":void", psnNo, holdId);
        if (v.ok() || "HOLD_EXPIRED".equals(v.code()) || "NOT_FOUND".equals(v.code())) {
            return "VOIDED";
        }
        if ("HOLD_NOT_PENDING".equals(v.code())) {
            LedgerReply r = ledger.refundHold(commandPrefix + ":refund", psnNo, holdId);
            if (r.ok()) {
                LOG.warnf("hold %s had been posted for a failed settlement; refunded by its legs", holdId);
                return "REFUNDED";
            }
            return "VOIDED"; // neither pending nor posted: it was voided or expired already
        }
        LOG.warnf("ledger refused to void hold %s: %s", holdId, v.code());
        return "VOIDED";
    }

    private void setSettlementHold(Settlement s, String state, String holdId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE settlement SET hold_state = ?1, hold_id = COALESCE(?2, hold_id) "
                                + "WHERE setl_id = ?3 AND attempt = ?4 AND status = 'FAILED'")
                .setParameter(1, state).setParameter(2, holdId).setParameter(3, s.setlId).setParameter(4, s.attempt)
                .executeUpdate());
    }

    private void setPreHold(String preSetlId, String state, String holdId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE pre_settlement SET hold_state = ?1, hold_id = COALESCE(?2, hold_id) WHERE pre_setl_id = ?3")
                .setParameter(1, state).setParameter(2, holdId).setParameter(3, preSetlId).executeUpdate());
    }
}
