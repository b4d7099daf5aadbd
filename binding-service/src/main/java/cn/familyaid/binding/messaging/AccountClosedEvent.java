package cn.familyaid.binding.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The fields of wallet-service's {@code account.closed} v1 that binding-service reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccountClosedEvent(@JsonProperty("event_id") UUID eventId, String type, Data data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(
            @JsonProperty("psn_no") String psnNo,
            String kind,
            String reason,
            @JsonProperty("closed_at") OffsetDateTime closedAt) {
    }
}
