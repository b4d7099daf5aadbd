package cn.familyaid.settlement.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** 定点医药机构: a designated hospital/clinic, retail pharmacy or check-up institution (R-SET-1). */
@Entity
@Table(name = "institution")
public class Institution extends PanacheEntityBase {
    @Id
    @Column(name = "fixmedins_code")
    public String fixmedinsCode;
    @Column(name = "fixmedins_name")
    public String fixmedinsName;
    @Enumerated(EnumType.STRING)
    @Column(name = "fixmedins_type")
    public InstitutionKind fixmedinsType;
    public String admdvs;
    @Column(name = "wallet_enabled")
    public boolean walletEnabled;
    public boolean designated;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
