package cn.familyaid.wallet.service;

import cn.familyaid.wallet.ledger.Holds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Expires pending holds whose time is up and releases their money by itself (a lost reply strands nothing).
 * Each hold expires in its own short transaction (hold row, then its accounts in ascending id order, like every
 * other money path), so the sweep never deadlocks with commands, and one failing hold never blocks the others.
 */
@ApplicationScoped
public class HoldExpirySweep {
    private static final Logger LOG = Logger.getLogger(HoldExpirySweep.class);
    static final int BATCH = 100;

    @Inject
    Holds holds;

    @Scheduled(every = "${familyaid.holds.sweep-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            while (sweepOnce() == BATCH) {
                // drain the backlog
            }
        } catch (RuntimeException e) {
            LOG.warnf("hold expiry sweep failed, will retry: %s", e.getMessage());
        }
    }

    /** Expires up to {@link #BATCH} due holds, one transaction each; returns how many it expired. */
    public int sweepOnce() {
        List<UUID> due = QuarkusTransaction.requiringNew().timeout(30).call(() -> holds.due(BATCH));
        int expired = 0;
        for (UUID id : due) {
            try {
                if (QuarkusTransaction.requiringNew().timeout(30).call(() -> holds.expireIfDue(id))) {
                    expired++;
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "hold %s could not be expired, will retry", id);
            }
        }
        return expired;
    }
}
