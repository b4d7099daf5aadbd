package cn.familyaid.wallet.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/** {@code POST /accounts/{psn_no}/credits}: amount in yuan (≤ 2 decimals), period {@code yyyy-MM}. */
public record CreditRequest(
        @JsonProperty("request_id") @NotBlank @Size(max = 40) String requestId,
        @NotNull BigDecimal amount,
        @NotBlank @Pattern(regexp = "^[0-9]{4}-(0[1-9]|1[0-2])$", message = "must be yyyy-MM") String period) {
}
