package cn.familyaid.binding.mapping;

import cn.familyaid.binding.domain.Money;
import cn.familyaid.binding.domain.Policy;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;

/**
 * The policy in force for a region over the API. {@code source} tells where it comes from: the region's
 * own row, its province's row ({@code policy_admdvs} = xx0000) or the defaults.
 */
public record PolicyView(
        String admdvs,
        String source,
        @JsonProperty("policy_admdvs") String policyAdmdvs,
        @JsonProperty("allowed_relations") List<String> allowedRelations,
        @JsonProperty("cross_province_open") boolean crossProvinceOpen,
        @JsonProperty("retained_min_amt") BigDecimal retainedMinAmt,
        @JsonProperty("acceptance_required") boolean acceptanceRequired,
        @JsonProperty("extra_categories") List<String> extraCategories,
        long version) {

    public static PolicyView of(String admdvs, Policy p) {
        return new PolicyView(admdvs, p.source().name(), p.source() == Policy.Source.DEFAULT ? null : p.admdvs(),
                p.allowedRelations().stream().sorted().map(Enum::name).toList(), p.crossProvinceOpen(),
                Money.toYuan(p.retainedMinFen()), p.acceptanceRequired(), p.extraCategories(), p.version());
    }
}
