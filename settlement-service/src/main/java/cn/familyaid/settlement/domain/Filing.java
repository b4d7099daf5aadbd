package cn.familyaid.settlement.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** 异地就医备案: registration for care outside the insured place (R-SET-6). */
@Entity
@Table(name = "filing")
public class Filing extends PanacheEntityBase {
    @Id
    @Column(name = "filing_id")
    public String filingId;
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "request_hash")
    public String requestHash;
    @Column(name = "psn_no")
    public String psnNo;
    public String admdvs;
    public LocalDate begndate;
    public LocalDate enddate;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
