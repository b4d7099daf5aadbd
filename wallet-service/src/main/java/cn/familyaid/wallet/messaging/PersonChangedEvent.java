package cn.familyaid.wallet.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;
import java.util.UUID;

/** The fields of binding-service's {@code person.changed} v1 that wallet-service reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PersonChangedEvent(@JsonProperty("event_id") UUID eventId, String type, Data data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(
            @JsonProperty("psn_no") String psnNo,
            @JsonProperty("psn_name") String psnName,
            String insutype,
            @JsonProperty("psn_insu_stas") String psnInsuStas,
            @JsonProperty("insuplc_admdvs") String insuplcAdmdvs,
            @JsonProperty("death_date") LocalDate deathDate,
            long version,
            @JsonProperty("psn_cert_type") String psnCertType,
            String certno) {

        /** Without the certificate (tests, and events that did not carry it). */
        public Data(String psnNo, String psnName, String insutype, String psnInsuStas, String insuplcAdmdvs,
                    LocalDate deathDate, long version) {
            this(psnNo, psnName, insutype, psnInsuStas, insuplcAdmdvs, deathDate, version, null, null);
        }
    }
}
