package cn.familyaid.settlement.domain;

import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.RegionScope;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;

/**
 * Whether, and which, account money may pay a bill (R-SET-5, R-SET-6, acct_used_flag).
 * Plain rules, no framework: the caller supplies what it looked up.
 */
public final class Eligibility {
    private Eligibility() {
    }

    /** use_account / use_family for the ledger, and which rule (if any) kept account money out. */
    public record Decision(boolean useAccount, boolean useFamily, String accountRefusedBy) {
    }

    /**
     * @param regionCategories the extra categories of the patient's insured region
     * @param outOfRegion      the institution is outside the patient's insured region
     * @param filingCovers     an out-of-region filing covers the institution's region on that day
     */
    public static Decision decide(MedType medType, InstitutionKind kind, Set<String> regionCategories,
                                  boolean accountWanted, boolean outOfRegion, boolean filingCovers) {
        if (medType.refusedEverywhere()) {
            throw RuleViolation.forbidden("R-SET-5", "med_type " + medType.code + " (" + medType
                    + ") is outside basic medical insurance: account money never pays it");
        }
        if (!medType.allowedAt.contains(kind)) {
            throw RuleViolation.forbidden("R-SET-5", "med_type " + medType.code + " (" + medType
                    + ") cannot be settled at a " + kind + " institution");
        }
        if (medType.regionCategory != null && !regionCategories.contains(medType.regionCategory)) {
            throw RuleViolation.forbidden("R-SET-5", "the patient's insured region has not opened "
                    + medType.regionCategory + " for account money");
        }
        if (!accountWanted) {
            return new Decision(false, false, "ACCT_USED_FLAG");
        }
        if (outOfRegion && !filingCovers) {
            // R-SET-6: without a filing covering the day, account money is not used there (all cash)
            return new Decision(false, false, "R-SET-6");
        }
        return new Decision(true, true, null);
    }

    /**
     * R-SET-5 代缴居民医保: med_type 61 pays a family member's resident-insurance premium, so the beneficiary (the
     * patient of the bill) must be resident-insured (390); an employee-insured person has no resident premium.
     */
    public static void requireBeneficiaryInsurance(MedType medType, String patientInsutype) {
        if (medType == MedType.RESIDENT_PREMIUM && !RESIDENT_INSURANCE.equals(patientInsutype)) {
            throw RuleViolation.forbidden("R-SET-5", "med_type " + medType.code + " (" + medType
                    + ") pays a resident-insurance premium: the beneficiary must be resident-insured (390)");
        }
    }

    /** 居民医保 {@code insutype}. */
    public static final String RESIDENT_INSURANCE = "390";

    /** A filing covers a day in a region when its region scope covers it and the day is within its dates. */
    public static boolean covers(Collection<FilingPeriod> filings, String region, LocalDate day) {
        return filings.stream().anyMatch(f -> RegionScope.covers(f.admdvs(), region)
                && !day.isBefore(f.begndate()) && !day.isAfter(f.enddate()));
    }

    public record FilingPeriod(String admdvs, LocalDate begndate, LocalDate enddate) {
    }
}
