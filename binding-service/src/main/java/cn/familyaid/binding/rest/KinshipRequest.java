package cn.familyaid.binding.rest;

import cn.familyaid.binding.domain.Relation;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code PUT /kinships}: {@code relation} is what {@code relative_psn_no} is to {@code psn_no}.
 * {@code active: false} records that the relationship ended (divorce), which ends the pair's bindings (R-BIND-8).
 */
public record KinshipRequest(
        @JsonProperty("psn_no") @NotBlank @Pattern(regexp = BindingRequests.PSN_NO, message = BindingRequests.PSN_NO_MESSAGE) String psnNo,
        @JsonProperty("relative_psn_no") @NotBlank @Pattern(regexp = BindingRequests.PSN_NO, message = BindingRequests.PSN_NO_MESSAGE) String relativePsnNo,
        @NotNull Relation relation,
        Boolean active) {

    public boolean isActive() {
        return active == null || active;
    }
}
