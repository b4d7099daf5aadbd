package cn.familyaid.binding.domain;

import cn.familyaid.binding.problem.RuleViolation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * 扣款顺序 deduction order (R-BIND-5): the beneficiary's active bindings numbered 1..n. A new binding
 * goes last; an ended one leaves no gap; the beneficiary side may set any permutation.
 */
public final class DeductionOrder {
    private DeductionOrder() {
    }

    /** Refuses unless {@code requested} names every active binding exactly once. */
    public static void requirePermutation(List<UUID> requested, Set<UUID> active) {
        Set<UUID> seen = new HashSet<>();
        for (UUID id : requested) {
            if (!seen.add(id)) {
                throw RuleViolation.badField("binding_ids", "R-BIND-5", "names binding " + id + " twice");
            }
            if (!active.contains(id)) {
                throw RuleViolation.badField("binding_ids", "R-BIND-5",
                        "binding " + id + " is not an active binding of this beneficiary");
            }
        }
        if (seen.size() != active.size()) {
            throw RuleViolation.badField("binding_ids", "R-BIND-5",
                    "must list all " + active.size() + " active bindings, got " + seen.size());
        }
    }

    /** Renumbers the active bindings 1..n keeping their relative order (closes gaps). */
    public static void compact(List<Binding> active) {
        List<Binding> sorted = new ArrayList<>(active);
        sorted.sort(Comparator.comparing((Binding b) -> b.deductionOrder).thenComparing(b -> b.createdAt));
        for (int i = 0; i < sorted.size(); i++) {
            sorted.get(i).deductionOrder = i + 1;
        }
    }
}
