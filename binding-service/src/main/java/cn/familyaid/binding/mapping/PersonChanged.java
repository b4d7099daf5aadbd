package cn.familyaid.binding.mapping;

import cn.familyaid.binding.domain.Person;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;

/**
 * {@code person.changed} v1 data: the person's whole current state (compacted topic, key psn_no).
 * Internal topic: consumers need the certificate number (settlement checks who is at the counter).
 */
public record PersonChanged(
        @JsonProperty("psn_no") String psnNo,
        @JsonProperty("psn_name") String psnName,
        @JsonProperty("psn_cert_type") String psnCertType,
        String certno,
        String insutype,
        @JsonProperty("psn_insu_stas") String psnInsuStas,
        @JsonProperty("insuplc_admdvs") String insuplcAdmdvs,
        @JsonProperty("death_date") LocalDate deathDate,
        long version) {
    public static final String TOPIC = "person.changed";
    public static final String TYPE = "person.changed";
    public static final int SCHEMA_VERSION = 1;

    public static PersonChanged of(Person p) {
        return new PersonChanged(p.psnNo, p.psnName, p.psnCertType, p.certno, p.insutype, p.psnInsuStas,
                p.insuplcAdmdvs, p.deathDate, p.version);
    }
}
