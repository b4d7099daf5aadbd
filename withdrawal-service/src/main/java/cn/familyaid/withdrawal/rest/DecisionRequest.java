package cn.familyaid.withdrawal.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/**
 * POST /withdrawals/{id}/decision. REJECT needs a {@code note} (the reason). FORGED records the fine basis:
 * the amount sought ({@code amount}; for SERIOUS_ILLNESS it is the amount asked, for a full withdrawal the
 * agency states the balance it found) and the fine {@code fine_amt}, at most 5× the basis (default 5×).
 */
@Schema(name = "DecisionRequest", description = "Body of `POST /withdrawals/{id}/decision`; amounts in yuan.")
public record DecisionRequest(
        @NotNull Decision decision,
        @Size(max = 500) String note,
        BigDecimal amount,
        @JsonProperty("fine_amt") BigDecimal fineAmt) {

    public enum Decision { APPROVE, REJECT, FORGED }
}
