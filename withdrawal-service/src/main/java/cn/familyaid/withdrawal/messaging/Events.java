package cn.familyaid.withdrawal.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The fields of other services' events (schema v1, as their publishers' READMEs document them) that
 * withdrawal-service reads.
 */
public final class Events {
    private Events() {
    }

    /** Envelope of every event; {@code data} is read per type. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Envelope<D>(@JsonProperty("event_id") UUID eventId, String type, D data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PersonChanged(
            @JsonProperty("psn_no") String psnNo,
            @JsonProperty("psn_name") String psnName,
            String certno,
            String insutype,
            @JsonProperty("psn_insu_stas") String psnInsuStas,
            @JsonProperty("insuplc_admdvs") String insuplcAdmdvs,
            @JsonProperty("death_date") LocalDate deathDate,
            long version) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KinshipChanged(
            @JsonProperty("psn_no") String psnNo,
            @JsonProperty("relative_psn_no") String relativePsnNo,
            String relation,
            boolean active) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RegionPolicyChanged(
            String admdvs,
            @JsonProperty("extra_categories") List<String> extraCategories,
            long version) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountClosed(
            @JsonProperty("psn_no") String psnNo,
            String kind,
            String reason,
            @JsonProperty("closed_at") OffsetDateTime closedAt) {
    }
}
