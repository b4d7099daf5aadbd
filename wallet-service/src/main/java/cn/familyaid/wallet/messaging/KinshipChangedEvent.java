package cn.familyaid.wallet.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * binding-service's {@code kinship.changed} v1: what relative_psn_no is to psn_no, and whether it holds, with the
 * direction's {@code data.version}, which orders the events of one pair; events published before binding-service
 * added the version carry none and are ordered by the envelope's {@code occurred_at}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KinshipChangedEvent(@JsonProperty("event_id") UUID eventId, String type,
                                  @JsonProperty("occurred_at") String occurredAt, Data data) {

    /** The envelope's occurred_at, or null when missing or unreadable. */
    public OffsetDateTime occurredAtTime() {
        try {
            return occurredAt == null ? null : OffsetDateTime.parse(occurredAt);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(@JsonProperty("psn_no") String psnNo,
                       @JsonProperty("relative_psn_no") String relativePsnNo,
                       String relation,
                       boolean active,
                       Long version) {
        public Data(String psnNo, String relativePsnNo, String relation, boolean active) {
            this(psnNo, relativePsnNo, relation, active, null);
        }
    }
}
