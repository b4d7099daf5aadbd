package cn.familyaid.withdrawal.rest;

import cn.familyaid.withdrawal.domain.Reason;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * POST /withdrawals. {@code evidence[].amount} is the amount of an {@code ITEMISED_BILL} (yuan);
 * {@code amount} is asked for SERIOUS_ILLNESS only; {@code moving_abroad} makes the visa page required
 * for REGION_NOT_ACCEPTING (R-WD-6).
 */
@Schema(name = "WithdrawalRequest", description = "Body of `POST /withdrawals`; amounts in yuan.")
public record WithdrawalRequest(
        @NotBlank @Size(max = 40) @JsonProperty("request_id") String requestId,
        @NotBlank @Size(max = 30) @JsonProperty("psn_no") String psnNo,
        @NotNull Reason reason,
        @NotNull @Valid Applicant applicant,
        @Size(max = 30) List<@NotNull @Valid EvidenceItem> evidence,
        @NotNull @Valid @JsonProperty("bank_account") BankAccount bankAccount,
        BigDecimal amount,
        @JsonProperty("moving_abroad") Boolean movingAbroad) {

    /** Who stands behind the application; {@code relation}: what the applicant is to the person, or SELF. */
    @Schema(name = "WithdrawalApplicant", description = "Who applies; `relation`: what the applicant is to the"
            + " person, or SELF.")
    public record Applicant(
            @NotBlank @Size(max = 50) @JsonProperty("psn_name") String psnName,
            @NotBlank @Size(max = 32) String certno,
            @NotBlank @Pattern(regexp = "SELF|SPOUSE|PARENT|CHILD|SIBLING|GRANDPARENT|GRANDCHILD") String relation) {
    }

    @Schema(name = "WithdrawalEvidence", description = "One piece of evidence; `amount` (yuan) on an ITEMISED_BILL"
            + " only, and required there.")
    public record EvidenceItem(
            @NotBlank @Size(max = 40) String type,
            @NotBlank @Size(max = 200) String ref,
            BigDecimal amount) {
    }

    @Schema(name = "WithdrawalBankAccount", description = "Where the money is paid; the holder is the applicant.")
    public record BankAccount(
            @NotBlank @Size(max = 100) String bank,
            @NotBlank @Pattern(regexp = "[0-9]{8,32}") @JsonProperty("account_no") String accountNo,
            @NotBlank @Size(max = 50) @JsonProperty("holder_name") String holderName) {
    }

    public List<EvidenceItem> evidenceOrEmpty() {
        return evidence == null ? List.of() : evidence;
    }

    public boolean abroad() {
        return Boolean.TRUE.equals(movingAbroad);
    }
}
