package cn.familyaid.settlement.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** Suspension from networked settlement (暂停联网结算) for 3–12 months after impersonation (R-SET-3). */
@Entity
@Table(name = "suspension")
public class Suspension extends PanacheEntityBase {
    @Id
    @Column(name = "suspension_id")
    public String suspensionId;
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "request_hash")
    public String requestHash;
    @Column(name = "psn_no")
    public String psnNo;
    public int months;
    public String reason;
    public LocalDate begndate;
    /** Exclusive: the person may settle again on this day. */
    public LocalDate enddate;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    /** Set when an agency lifted the suspension early (R-SET-3): from then on the person settles again. */
    @Column(name = "lifted_at")
    public OffsetDateTime liftedAt;
    @Column(name = "lifted_by")
    public String liftedBy;
    @Column(name = "lift_reason")
    public String liftReason;

    public enum State { ACTIVE, ENDED, LIFTED }

    /** LIFTED once lifted; else ACTIVE until the end day (exclusive), ENDED from it. */
    public State state(LocalDate today) {
        if (liftedAt != null) {
            return State.LIFTED;
        }
        return enddate.isAfter(today) ? State.ACTIVE : State.ENDED;
    }
}
