package cn.familyaid.withdrawal.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Resumes what a crash, a timeout or a lost reply left half-done: APPROVED applications not yet paid, and
 * rejected ones whose hold may exist. Each is advanced through its ledger steps ({@code domain/LedgerSteps}) by
 * {@link PayoutService}, which re-sends the stored commands by id, byte for byte: the ledger answers a command it
 * executed with its stored reply, so a lost reply ends in exactly one outcome; never pays twice.
 */
@ApplicationScoped
public class PayoutResumer {
    private static final Logger LOG = Logger.getLogger(PayoutResumer.class);

    @Inject
    PayoutService payouts;

    @Scheduled(every = "${familyaid.payout.resume-interval:10s}", delayed = "${familyaid.payout.resume-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void resume() {
        List<UUID> ids;
        try {
            ids = QuarkusTransaction.requiringNew().call(() -> payouts.unfinished(50));
        } catch (RuntimeException e) {
            LOG.warnf("payout resumer cannot read the unfinished applications: %s", e.getMessage());
            return;
        }
        for (UUID id : ids) {
            try {
                payouts.advance(id);
            } catch (RuntimeException e) {
                LOG.warnf("payout of withdrawal %s not advanced, will retry: %s", id, e.getMessage());
            }
        }
    }
}
