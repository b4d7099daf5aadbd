package cn.familyaid.binding.mapping;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.domain.Money;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A binding over the API; {@code relation} is what the beneficiary is to the funder, amounts in yuan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingView(
        @JsonProperty("binding_id") String bindingId,
        @JsonProperty("funder_psn_no") String funderPsnNo,
        @JsonProperty("beneficiary_psn_no") String beneficiaryPsnNo,
        String relation,
        ShareView share,
        String status,
        Integer order,
        String channel,
        @JsonProperty("operator_role") String operatorRole,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("accepted_at") OffsetDateTime acceptedAt,
        @JsonProperty("ended_at") OffsetDateTime endedAt,
        @JsonProperty("end_reason") String endReason) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ShareView(String mode, @JsonProperty("cap_amt") BigDecimal capAmt) {
    }

    public static BindingView of(Binding b) {
        return new BindingView(b.id.toString(), b.funderPsnNo, b.beneficiaryPsnNo, b.relation.name(),
                new ShareView(b.shareMode.name(), b.capFen == null ? null : Money.toYuan(b.capFen)),
                b.status.name(), b.deductionOrder, b.channel.name(), b.operatorRole, b.createdAt, b.acceptedAt,
                b.endedAt, b.endReason);
    }
}
