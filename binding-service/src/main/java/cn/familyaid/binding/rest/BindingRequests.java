package cn.familyaid.binding.rest;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.domain.Relation;
import cn.familyaid.binding.domain.Share;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Request bodies of the binding endpoints. */
public final class BindingRequests {
    private BindingRequests() {
    }

    public static final String PSN_NO = "[A-Za-z0-9]{1,30}";
    public static final String PSN_NO_MESSAGE = "must be 1-30 letters or digits";

    /** {@code POST /bindings}. */
    @Schema(name = "BindingCreateRequest", description = "Body of `POST /bindings`.")
    public record Create(
            @JsonProperty("request_id") @NotBlank @Size(max = 40) @Pattern(regexp = "[A-Za-z0-9._:-]{1,40}",
                    message = "must be 1-40 letters, digits or . _ : -") String requestId,
            @JsonProperty("funder_psn_no") @NotBlank @Pattern(regexp = PSN_NO, message = PSN_NO_MESSAGE) String funderPsnNo,
            @JsonProperty("beneficiary_psn_no") @NotBlank @Pattern(regexp = PSN_NO, message = PSN_NO_MESSAGE) String beneficiaryPsnNo,
            @Schema(description = "What the beneficiary is to the funder (a recorded kinship, R-BIND-3).")
            @NotNull Relation relation,
            @NotNull @Valid ShareBody share,
            @NotNull Binding.Channel channel) {
    }

    /** {@code share: {mode, cap_amt}}; cap in yuan, only with CAP (R-BIND-6). */
    @Schema(name = "Share", description = "`ALL`, or `CAP` with `cap_amt` (yuan, > 0, at most 2 decimals).")
    public record ShareBody(@NotNull Share.Mode mode, @JsonProperty("cap_amt")
            @Schema(description = "The cap in yuan; only with CAP.", examples = "2000.00") BigDecimal capAmt) {
    }

    /** {@code PATCH /bindings/{id}}. */
    @Schema(name = "BindingShareChange", description = "Body of `PATCH /bindings/{id}`.")
    public record ChangeShare(@NotNull @Valid ShareBody share) {
    }

    /** {@code PUT /beneficiaries/{psn_no}/deduction-order}. */
    @Schema(name = "DeductionOrderRequest", description = "Body of `PUT /beneficiaries/{psn_no}/deduction-order`:"
            + " the ACTIVE bindings, first payer first.")
    public record Order(@JsonProperty("binding_ids") @NotNull List<@NotNull UUID> bindingIds) {
    }
}
