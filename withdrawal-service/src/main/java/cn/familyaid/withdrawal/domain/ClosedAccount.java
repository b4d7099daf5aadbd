package cn.familyaid.withdrawal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A personal account the ledger closed (注销), from {@code account.closed}: nothing more to withdraw (R-WD-8). */
@Entity
@Table(name = "closed_account")
public class ClosedAccount extends PanacheEntityBase {
    @Id
    @Column(name = "psn_no")
    public String psnNo;
    public String reason;
    @Column(name = "closed_at")
    public OffsetDateTime closedAt;
}
