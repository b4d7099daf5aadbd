package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.mapping.SettlementEvent;
import cn.familyaid.settlement.mapping.SettlementView;
import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.messaging.LedgerReply;
import cn.familyaid.settlement.messaging.LedgerUnavailable;
import cn.familyaid.settlement.outbox.Outbox;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.time.OffsetDateTime;

/**
 * Reversal (R-SET-7): only the settling institution reverses; the ledger refunds every leg exactly, once (one
 * deterministic command id), and the settlement becomes REVERSED with its event. Driven by the request, and by the
 * hold resolver for a reversal whose ledger answer was late.
 */
@ApplicationScoped
public class ReversalService {

    @Inject
    LedgerClient ledger;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    FamilyAidConfig config;

    public SettlementView reverse(Caller caller, String setlId) {
        Settlement s = QuarkusTransaction.requiringNew().call(() -> Settlement.<Settlement>findById(setlId));
        if (s == null) {
            throw RuleViolation.notFound("settlement " + setlId);
        }
        if (!caller.is(Caller.INSTITUTION) || !s.fixmedinsCode.equals(caller.fixmedinsCode())) {
            throw RuleViolation.forbidden("R-SET-7", "only the institution that settled may reverse");
        }
        switch (s.status) {
            case Settlement.REVERSED -> {
                return Rows.settlementView(setlId);
            }
            case Settlement.PENDING, Settlement.FAILED -> throw RuleViolation.conflict("NOT_SETTLED",
                    "the settlement is " + s.status + "; nothing to reverse");
            case Settlement.COMPLETED -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "UPDATE settlement SET status = 'REVERSING' WHERE setl_id = ?1 AND status = 'COMPLETED'")
                    .setParameter(1, setlId).executeUpdate());
            default -> {
                // REVERSING: drive it again; the refund command id is the same, so the ledger refunds once
            }
        }
        if (!finishReversal(s)) {
            throw LedgerCalls.unavailable();
        }
        return Rows.settlementView(setlId);
    }

    /** Refunds by the settlement's legs (one deterministic command id) and marks it REVERSED; false if the ledger is late. */
    boolean finishReversal(Settlement s) {
        Long balcAfter = null;
        if (s.holdId != null) {
            LedgerReply r;
            try {
                r = ledger.refundHold(refundCommand(s.setlId), s.psnNo, s.holdId);
            } catch (LedgerUnavailable e) {
                return false;
            }
            if (!r.ok()) {
                throw new RuleViolation(409, r.code() == null ? "LEDGER_REFUSED" : r.code(), "Conflict",
                        "the ledger refused the refund: " + r.message());
            }
            balcAfter = r.balcFen();
        }
        Long balc = balcAfter;
        QuarkusTransaction.requiringNew().run(() -> {
            Settlement x = Settlement.findById(s.setlId, LockModeType.PESSIMISTIC_WRITE);
            if (!Settlement.REVERSING.equals(x.status)) {
                return;
            }
            OffsetDateTime now = Rows.now();
            x.status = Settlement.REVERSED;
            x.reversedAt = now;
            if (balc != null) {
                x.balcFen = balc;
            }
            x.revsDate = now.atZoneSameInstant(config.settlement().zone()).toLocalDate();
            if (x.holdId != null) {
                x.holdState = "REFUNDED";
            }
            outbox.publish(SettlementEvent.REVERSED, x.psnNo, SettlementEvent.REVERSED, SettlementEvent.SCHEMA_VERSION,
                    SettlementEvent.of(x));
        });
        return true;
    }

    static String refundCommand(String setlId) {
        return setlId + ":refund";
    }

}
