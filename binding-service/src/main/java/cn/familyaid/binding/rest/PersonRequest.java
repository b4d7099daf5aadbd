package cn.familyaid.binding.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/** Body of {@code PUT /persons/{psn_no}}. */
public record PersonRequest(
        @JsonProperty("psn_name") @NotBlank @Size(max = 50) String psnName,
        @JsonProperty("psn_cert_type") @NotBlank @Pattern(regexp = "\\d{2}", message = "must be a 2-digit code") String psnCertType,
        @NotBlank @Size(max = 32) String certno,
        @NotBlank @Pattern(regexp = "[129]", message = "must be 1 (male), 2 (female) or 9") String gend,
        @NotNull LocalDate brdy,
        @NotBlank @Pattern(regexp = "\\d{3}", message = "must be a 3-digit code such as 310 or 390") String insutype,
        @JsonProperty("psn_insu_stas") @NotBlank @Pattern(regexp = "[124]", message = "must be 1 (normal), 2 (paused) or 4 (terminated)") String psnInsuStas,
        @JsonProperty("insuplc_admdvs") @NotBlank @Pattern(regexp = "\\d{6}", message = "must be a 6-digit admdvs") String insuplcAdmdvs,
        @JsonProperty("death_date") LocalDate deathDate) {
}
