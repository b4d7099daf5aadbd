package cn.familyaid.binding.mapping;

import cn.familyaid.binding.domain.RegionPolicy;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code region.policy.changed} v1 data (key admdvs): the stored policy row as it now is. */
public record RegionPolicyChanged(
        String admdvs,
        @JsonProperty("allowed_relations") List<String> allowedRelations,
        @JsonProperty("cross_province_open") boolean crossProvinceOpen,
        @JsonProperty("retained_min_fen") long retainedMinFen,
        @JsonProperty("acceptance_required") boolean acceptanceRequired,
        @JsonProperty("extra_categories") List<String> extraCategories,
        long version) {
    public static final String TOPIC = "region.policy.changed";
    public static final String TYPE = "region.policy.changed";
    public static final int SCHEMA_VERSION = 1;

    public static RegionPolicyChanged of(RegionPolicy r) {
        return new RegionPolicyChanged(r.admdvs, r.relations().stream().map(Enum::name).toList(),
                r.crossProvinceOpen, r.retainedMinFen, r.acceptanceRequired, r.categories(), r.version);
    }
}
