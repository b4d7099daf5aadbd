package cn.familyaid.binding.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code binding.changed} v1 data (compacted topic, key beneficiary psn_no): the beneficiary's WHOLE current
 * funding plan — only ACTIVE bindings, in deduction order — and a version that only grows, so a consumer
 * rebuilds its copy from the latest event alone.
 */
public record BindingChanged(
        @JsonProperty("beneficiary_psn_no") String beneficiaryPsnNo,
        long version,
        List<Funder> funders) {
    public static final String TOPIC = "binding.changed";
    public static final String TYPE = "binding.changed";
    public static final int SCHEMA_VERSION = 1;

    /** One funder of the plan; {@code relation} is what the beneficiary is to the funder. */
    public record Funder(
            @JsonProperty("binding_id") String bindingId,
            @JsonProperty("funder_psn_no") String funderPsnNo,
            String relation,
            @JsonProperty("share_mode") String shareMode,
            @JsonProperty("cap_fen") Long capFen,
            @JsonProperty("retained_min_fen") long retainedMinFen,
            int order) {
    }
}
