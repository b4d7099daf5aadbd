package cn.familyaid.binding.service;

import cn.familyaid.binding.domain.Binding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Ends bindings when the family or a person changes: death, termination or account closure end every
 * binding the person is part of at once (R-BIND-8, R-BIND-10); an ended kinship ends the pair's bindings.
 * Callers hold the person row lock (exclusive); plan rows are locked here in psn_no order, and bindings are
 * read only after their plan is locked.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class BindingLifecycle {
    public static final String DEATH = "DEATH";
    public static final String TERMINATED = "TERMINATED";
    public static final String ACCOUNT_CLOSED = "ACCOUNT_CLOSED";
    public static final String NO_PERSONAL_ACCOUNT = "NO_PERSONAL_ACCOUNT";
    public static final String KINSHIP_ENDED = "KINSHIP_ENDED";
    public static final String UNBOUND = "UNBOUND";

    private static final List<Binding.Status> LIVE = List.of(Binding.Status.ACTIVE, Binding.Status.PENDING);

    @Inject
    FundingPlans plans;

    @Inject
    EntityManager em;

    /** Ends every live binding in which the person funds or benefits; returns how many ended. */
    public int endAllOf(String psnNo, String reason, String operator) {
        return end(psnNo, (funder, beneficiary) -> true, reason, operator);
    }

    /** Ends the live bindings in which the person funds. */
    public int endFundingOf(String psnNo, String reason, String operator) {
        return end(psnNo, (funder, beneficiary) -> funder.equals(psnNo), reason, operator);
    }

    /** Ends the live bindings between two persons, either direction. */
    public int endBetween(String a, String b, String reason, String operator) {
        return end(a, (funder, beneficiary) -> (funder.equals(a) && beneficiary.equals(b))
                || (funder.equals(b) && beneficiary.equals(a)), reason, operator);
    }

    /** Ends one binding; the caller holds the beneficiary's plan lock. Returns true when it was live. */
    public boolean endOne(Binding b, String reason, String operator) {
        if (!b.isLive()) {
            return false;
        }
        boolean wasActive = b.status == Binding.Status.ACTIVE;
        b.status = Binding.Status.ENDED;
        b.deductionOrder = null;
        b.endedAt = OffsetDateTime.now(ZoneOffset.UTC);
        b.endReason = reason;
        b.endedBy = operator;
        if (wasActive) {
            plans.publish(b.beneficiaryPsnNo);
        }
        return true;
    }

    /**
     * Ends the live bindings involving {@code psnNo} that {@code which(funder, beneficiary)} selects. The
     * caller holds the person's exclusive lock, so no binding involving them can be created or accepted
     * meanwhile; unbind, reorder and share changes still can (they take only the plan lock). So nothing is
     * loaded as an entity before its plan is locked: the plans to lock come from a scalar query, and the
     * bindings are read, and refreshed in case this transaction already held them, under the plan locks.
     */
    private int end(String psnNo, BiPredicate<String, String> which, String reason, String operator) {
        Set<String> beneficiaries = new TreeSet<>();
        for (Object[] pair : em.createQuery("select b.funderPsnNo, b.beneficiaryPsnNo from Binding b"
                        + " where (b.funderPsnNo = :p or b.beneficiaryPsnNo = :p) and b.status in :live", Object[].class)
                .setParameter("p", psnNo).setParameter("live", LIVE).getResultList()) {
            if (which.test((String) pair[0], (String) pair[1])) {
                beneficiaries.add((String) pair[1]);
            }
        }
        if (beneficiaries.isEmpty()) {
            return 0;
        }
        plans.lockAll(beneficiaries);
        int ended = 0;
        Set<String> changed = new TreeSet<>();
        for (String beneficiary : beneficiaries) {
            for (Binding b : Binding.<Binding>list("beneficiaryPsnNo = ?1 and status in ?2", beneficiary, LIVE)) {
                em.refresh(b);
                if (!b.isLive() || !which.test(b.funderPsnNo, b.beneficiaryPsnNo)) {
                    continue;
                }
                if (b.status == Binding.Status.ACTIVE) {
                    changed.add(beneficiary);
                }
                b.status = Binding.Status.ENDED;
                b.deductionOrder = null;
                b.endedAt = OffsetDateTime.now(ZoneOffset.UTC);
                b.endReason = reason;
                b.endedBy = operator;
                ended++;
            }
        }
        for (String beneficiary : changed) {
            plans.publish(beneficiary);
        }
        return ended;
    }
}
