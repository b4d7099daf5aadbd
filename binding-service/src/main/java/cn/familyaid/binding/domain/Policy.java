package cn.familyaid.binding.domain;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The region policy in force for a person (their insured region's row, else their province's row,
 * else these defaults): which near relatives may be bound (R-BIND-3), whether cross-province mutual aid
 * is open (R-BIND-4), the retained minimum never shared (R-BIND-6), whether the beneficiary must accept,
 * and the extra eligible spending categories (R-SET-5).
 */
public record Policy(String admdvs, Source source, Set<Relation> allowedRelations, boolean crossProvinceOpen,
                     long retainedMinFen, boolean acceptanceRequired, List<String> extraCategories, long version) {

    public enum Source { REGION, PROVINCE, DEFAULT }

    public static Policy defaults(String admdvs) {
        return new Policy(admdvs, Source.DEFAULT, EnumSet.copyOf(Relation.NEAR_RELATIVES), false, 0, false,
                List.of(), 0);
    }

    /** The province row that backs a region without its own row: {@code 320102 → 320000}. */
    public static String provinceRow(String admdvs) {
        return admdvs.substring(0, 2) + "0000";
    }
}
