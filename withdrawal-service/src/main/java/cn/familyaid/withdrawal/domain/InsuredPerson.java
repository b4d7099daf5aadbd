package cn.familyaid.withdrawal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;

/** withdrawal-service's copy of an insured person (参保人), from binding-service's {@code person.changed}. */
@Entity
@Table(name = "insured_person")
public class InsuredPerson extends PanacheEntityBase {
    public static final String EMPLOYEE = "310";
    public static final String TERMINATED = "4";

    @Id
    @Column(name = "psn_no")
    public String psnNo;
    @Column(name = "psn_name")
    public String psnName;
    public String certno;
    public String insutype;
    @Column(name = "psn_insu_stas")
    public String psnInsuStas;
    @Column(name = "insuplc_admdvs")
    public String insuplcAdmdvs;
    @Column(name = "death_date")
    public LocalDate deathDate;
    public long version;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public boolean deceased() {
        return deathDate != null;
    }

    public static Optional<InsuredPerson> byCertno(String certno) {
        return find("certno", certno).firstResultOptional();
    }
}
