package cn.familyaid.binding.domain;

import cn.familyaid.binding.problem.RuleViolation;

import java.util.Optional;

/**
 * Who may fund whom: the checks of R-BIND-1..4 made before a binding is created, each refused with its
 * own rule id. Plain Java over the persons, the recorded kinship and the policies in force.
 */
public final class BindingRules {
    private BindingRules() {
    }

    /**
     * @param recorded what the beneficiary is to the funder according to the active kinship record, if any
     * @param funderPolicy the policy of the funder's insured region (decides the allowed relations)
     * @param beneficiaryPolicy the policy of the beneficiary's insured region (cross-province opening)
     */
    public static void check(Person funder, Person beneficiary, Relation relation, Optional<Relation> recorded,
                             Policy funderPolicy, Policy beneficiaryPolicy) {
        fundable(funder);
        // R-BIND-2: beneficiary enrolled in basic medical insurance (employee or resident), normal status
        if (!(Person.EMPLOYEE.equals(beneficiary.insutype) || Person.RESIDENT.equals(beneficiary.insutype))) {
            throw refused("R-BIND-2", "the beneficiary is not enrolled in basic medical insurance (310 or 390)");
        }
        if (!beneficiary.isNormal()) {
            throw refused("R-BIND-2", "the beneficiary's insurance status is not normal");
        }
        // R-BIND-3: a recorded near relative, of a relation the funder's region allows
        if (recorded.isEmpty()) {
            throw refused("R-BIND-3", "no recorded near-relative kinship between funder and beneficiary");
        }
        if (recorded.get() != relation) {
            throw refused("R-BIND-3", "the recorded kinship says the beneficiary is the funder's " + recorded.get()
                    + ", not " + relation);
        }
        if (!funderPolicy.allowedRelations().contains(relation)) {
            throw refused("R-BIND-3", "the funder's region does not allow binding a " + relation);
        }
        // R-BIND-4: same province unless both provinces opened cross-province mutual aid
        if (!funder.province().equals(beneficiary.province())
                && !(funderPolicy.crossProvinceOpen() && beneficiaryPolicy.crossProvinceOpen())) {
            throw refused("R-BIND-4", "funder and beneficiary are insured in different provinces and"
                    + " cross-province mutual aid is not open in both");
        }
    }

    /** R-BIND-1: employee-insured with a personal account, normal status, alive. */
    public static void fundable(Person funder) {
        if (!Person.EMPLOYEE.equals(funder.insutype)) {
            throw refused("R-BIND-1", "the funder is not employee-insured (310) and has no personal account");
        }
        if (funder.accountClosedAt != null) {
            throw refused("R-BIND-1", "the funder's personal account is closed");
        }
        if (!funder.isNormal()) {
            throw refused("R-BIND-1", "the funder's insurance status is not normal");
        }
    }

    /** Does this person's state end every binding they are part of (R-BIND-8, -10)? */
    public static Optional<String> endsBindings(Person p) {
        if (p.isDead()) {
            return Optional.of("DEATH");
        }
        if (Person.STATUS_TERMINATED.equals(p.psnInsuStas)) {
            return Optional.of("TERMINATED");
        }
        return Optional.empty();
    }

    static RuleViolation refused(String code, String detail) {
        return new RuleViolation(403, code, "Refused by rule " + code, detail);
    }
}
