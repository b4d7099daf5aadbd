package cn.familyaid.binding.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * The beneficiary's funding plan head: its version, which only grows. The row is locked while any of
 * the beneficiary's bindings change, so plan changes (and their {@code binding.changed} versions) are serial.
 */
@Entity
@Table(name = "funding_plan")
public class FundingPlan extends PanacheEntityBase {
    @Id
    @Column(name = "beneficiary_psn_no")
    public String beneficiaryPsnNo;
    public long version;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
