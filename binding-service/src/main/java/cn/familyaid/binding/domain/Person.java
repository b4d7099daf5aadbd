package cn.familyaid.binding.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** 参保人 insured person, as synced from the national and provincial platforms. */
@Entity
@Table(name = "person")
public class Person extends PanacheEntityBase {
    public static final String EMPLOYEE = "310";
    public static final String RESIDENT = "390";
    public static final String STATUS_NORMAL = "1";
    public static final String STATUS_PAUSED = "2";
    public static final String STATUS_TERMINATED = "4";

    @Id
    @Column(name = "psn_no")
    public String psnNo;
    @Column(name = "psn_name")
    public String psnName;
    @Column(name = "psn_cert_type")
    public String psnCertType;
    public String certno;
    public String gend;
    public LocalDate brdy;
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
    /** Set when wallet-service reports the personal account closed (account.closed). */
    @Column(name = "account_closed_at")
    public OffsetDateTime accountClosedAt;

    public boolean isDead() {
        return deathDate != null;
    }

    public boolean isNormal() {
        return STATUS_NORMAL.equals(psnInsuStas) && !isDead();
    }

    public String province() {
        return insuplcAdmdvs.substring(0, 2);
    }
}
