package cn.familyaid.settlement.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.UUID;

/** The fields of binding-service's {@code region.policy.changed} v1 that settlement-service reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegionPolicyChangedEvent(@JsonProperty("event_id") UUID eventId, String type, Data data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String admdvs, @JsonProperty("extra_categories") List<String> extraCategories, long version) {
    }
}
