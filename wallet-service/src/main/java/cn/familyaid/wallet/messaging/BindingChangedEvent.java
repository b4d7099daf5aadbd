package cn.familyaid.wallet.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.UUID;

/** binding-service's {@code binding.changed} v1: a beneficiary's whole funding plan (active bindings, in order). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BindingChangedEvent(@JsonProperty("event_id") UUID eventId, String type, Data data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(@JsonProperty("beneficiary_psn_no") String beneficiaryPsnNo, long version,
                       List<Funder> funders) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Funder(@JsonProperty("binding_id") String bindingId,
                         @JsonProperty("funder_psn_no") String funderPsnNo,
                         String relation,
                         @JsonProperty("share_mode") String shareMode,
                         @JsonProperty("cap_fen") Long capFen,
                         @JsonProperty("retained_min_fen") long retainedMinFen,
                         int order) {
    }
}
