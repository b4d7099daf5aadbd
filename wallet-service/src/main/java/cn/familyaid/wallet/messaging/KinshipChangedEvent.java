package cn.familyaid.wallet.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** binding-service's {@code kinship.changed} v1: what relative_psn_no is to psn_no, and whether it holds. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KinshipChangedEvent(@JsonProperty("event_id") UUID eventId, String type, Data data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(@JsonProperty("psn_no") String psnNo,
                       @JsonProperty("relative_psn_no") String relativePsnNo,
                       String relation,
                       boolean active) {
    }
}
