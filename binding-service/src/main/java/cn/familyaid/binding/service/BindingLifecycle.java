package cn.familyaid.binding.service;

import cn.familyaid.binding.domain.Binding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Ends bindings when the family or a person changes: death, termination or account closure end every
 * binding the person is part of at once (R-BIND-8, R-BIND-10); an ended kinship ends the pair's bindings.
 * Callers hold the person row lock; plan rows are locked here in psn_no order.
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

    @Inject
    FundingPlans plans;

    /** Ends every live binding in which the person funds or benefits; returns how many ended. */
    public int endAllOf(String psnNo, String reason, String operator) {
        return end(Binding.liveInvolving(psnNo), b -> true, reason, operator);
    }

    /** Ends the live bindings in which the person funds. */
    public int endFundingOf(String psnNo, String reason, String operator) {
        return end(Binding.liveInvolving(psnNo), b -> b.funderPsnNo.equals(psnNo), reason, operator);
    }

    /** Ends the live bindings between two persons, either direction. */
    public int endBetween(String a, String b, String reason, String operator) {
        return end(Binding.liveInvolving(a),
                x -> (x.funderPsnNo.equals(a) && x.beneficiaryPsnNo.equals(b))
                        || (x.funderPsnNo.equals(b) && x.beneficiaryPsnNo.equals(a)), reason, operator);
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

    private int end(List<Binding> candidates, Predicate<Binding> which, String reason, String operator) {
        Set<String> beneficiaries = new TreeSet<>();
        candidates.stream().filter(which).forEach(b -> beneficiaries.add(b.beneficiaryPsnNo));
        if (beneficiaries.isEmpty()) {
            return 0;
        }
        plans.lockAll(beneficiaries);
        int ended = 0;
        Set<String> changed = new TreeSet<>();
        for (String beneficiary : beneficiaries) {
            // re-read under the plan lock: a concurrent change may have ended or added bindings
            for (Binding b : Binding.<Binding>list("beneficiaryPsnNo = ?1 and status in ?2", beneficiary,
                    List.of(Binding.Status.ACTIVE, Binding.Status.PENDING))) {
                if (!which.test(b)) {
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
