package cn.familyaid.settlement.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;
import java.util.UUID;

/** The fields of binding-service's {@code person.changed} v1 that settlement-service reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PersonChangedEvent(@JsonProperty("event_id") UUID eventId, String type, Data data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(
            @JsonProperty("psn_no") String psnNo,
            @JsonProperty("psn_name") String psnName,
            @JsonProperty("psn_cert_type") String psnCertType,
            String certno,
            String insutype,
            @JsonProperty("psn_insu_stas") String psnInsuStas,
            @JsonProperty("insuplc_admdvs") String insuplcAdmdvs,
            @JsonProperty("death_date") LocalDate deathDate,
            long version) {
    }
}
