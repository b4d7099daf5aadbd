package cn.familyaid.wallet.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Expires pending holds whose time is up and releases their money by itself (a lost reply strands nothing). */
@ApplicationScoped
public class HoldExpirySweep {
    private static final Logger LOG = Logger.getLogger(HoldExpirySweep.class);
    static final int BATCH = 100;

    @Inject
    HoldService holds;

    @Scheduled(every = "${familyaid.holds.sweep-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            while (sweepOnce() == BATCH) {
                // drain the backlog
            }
        } catch (RuntimeException e) {
            LOG.warnf("hold expiry sweep failed, will retry: %s", e.getMessage());
        }
    }

    public int sweepOnce() {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> holds.expireDue(BATCH));
    }
}
