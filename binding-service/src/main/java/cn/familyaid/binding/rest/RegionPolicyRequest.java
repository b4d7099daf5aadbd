package cn.familyaid.binding.rest;

import cn.familyaid.binding.domain.Relation;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code PUT /regions/{admdvs}/policy}; omitted fields take the defaults: every near relative
 * allowed, cross-province closed, retained minimum 0, no acceptance step, no extra categories.
 */
public record RegionPolicyRequest(
        @JsonProperty("allowed_relations") @Size(min = 1, message = "must name at least one relation") List<@NotNull Relation> allowedRelations,
        @JsonProperty("cross_province_open") Boolean crossProvinceOpen,
        @JsonProperty("retained_min_amt") BigDecimal retainedMinAmt,
        @JsonProperty("acceptance_required") Boolean acceptanceRequired,
        @JsonProperty("extra_categories") List<@NotNull @Pattern(regexp = "[A-Z][A-Z_]{0,31}",
                message = "must be an upper-case category code such as CHECKUP") String> extraCategories) {
}
