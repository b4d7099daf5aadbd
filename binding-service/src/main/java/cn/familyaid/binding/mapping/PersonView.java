package cn.familyaid.binding.mapping;

import cn.familyaid.binding.domain.Masking;
import cn.familyaid.binding.domain.Person;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;

/** A person as shown over the API; {@code certno} masked unless the caller is the person. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonView(
        @JsonProperty("psn_no") String psnNo,
        @JsonProperty("psn_name") String psnName,
        @JsonProperty("psn_cert_type") String psnCertType,
        String certno,
        String gend,
        LocalDate brdy,
        String insutype,
        @JsonProperty("psn_insu_stas") String psnInsuStas,
        @JsonProperty("insuplc_admdvs") String insuplcAdmdvs,
        @JsonProperty("death_date") LocalDate deathDate,
        long version) {

    public static PersonView of(Person p, boolean unmasked) {
        return new PersonView(p.psnNo, p.psnName, p.psnCertType, unmasked ? p.certno : Masking.certno(p.certno),
                p.gend, p.brdy, p.insutype, p.psnInsuStas, p.insuplcAdmdvs, p.deathDate, p.version);
    }
}
