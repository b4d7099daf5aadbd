package cn.familyaid.wallet.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** wallet-service's copy of a 参保人, rebuilt from {@code person.changed} (newer versions only). */
@Entity
@Table(name = "insured_person")
public class InsuredPerson extends PanacheEntityBase {
    public static final String EMPLOYEE = "310";

    @Id
    @Column(name = "psn_no")
    public String psnNo;
    @Column(name = "psn_name")
    public String psnName;
    public String insutype;
    @Column(name = "psn_insu_stas")
    public String psnInsuStas;
    @Column(name = "insuplc_admdvs")
    public String insuplcAdmdvs;
    @Column(name = "death_date")
    public LocalDate deathDate;
    /** Personal data: masked in answers, never logged. */
    @Column(name = "psn_cert_type")
    public String psnCertType;
    public String certno;
    public long version;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
