package cn.familyaid.binding.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * 家庭共济 mutual-aid binding: the funder's (共济人) personal account pays the beneficiary's (被共济人)
 * out-of-pocket costs. {@code relation} is what the beneficiary is to the funder. PENDING until the
 * beneficiary accepts where the region requires it; ACTIVE bindings carry their deduction order.
 */
@Entity
@Table(name = "binding")
public class Binding extends PanacheEntityBase {
    public enum Status { PENDING, ACTIVE, ENDED }

    public enum Channel { APP, WECHAT, ALIPAY, COUNTER }

    @Id
    @Column(name = "binding_id")
    public UUID id;
    @Column(name = "funder_psn_no")
    public String funderPsnNo;
    @Column(name = "beneficiary_psn_no")
    public String beneficiaryPsnNo;
    @Enumerated(EnumType.STRING)
    public Relation relation;
    @Enumerated(EnumType.STRING)
    @Column(name = "share_mode")
    public Share.Mode shareMode;
    @Column(name = "cap_fen")
    public Long capFen;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "deduction_order")
    public Integer deductionOrder;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    public String operator;
    @Column(name = "operator_role")
    public String operatorRole;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "accepted_at")
    public OffsetDateTime acceptedAt;
    @Column(name = "accepted_by")
    public String acceptedBy;
    @Column(name = "ended_at")
    public OffsetDateTime endedAt;
    @Column(name = "end_reason")
    public String endReason;
    @Column(name = "ended_by")
    public String endedBy;

    public Share share() {
        return new Share(shareMode, capFen);
    }

    public boolean isLive() {
        return status == Status.ACTIVE || status == Status.PENDING;
    }

    public static List<Binding> activeOf(String beneficiaryPsnNo) {
        return list("beneficiaryPsnNo = ?1 and status = ?2 order by deductionOrder", beneficiaryPsnNo,
                Status.ACTIVE);
    }

    public static long liveCount(String funderPsnNo, String beneficiaryPsnNo) {
        return count("funderPsnNo = ?1 and beneficiaryPsnNo = ?2 and status in ?3", funderPsnNo, beneficiaryPsnNo,
                List.of(Status.ACTIVE, Status.PENDING));
    }

    /** Live bindings in which the person funds or benefits. */
    public static List<Binding> liveInvolving(String psnNo) {
        return list("(funderPsnNo = ?1 or beneficiaryPsnNo = ?1) and status in ?2", psnNo,
                List.of(Status.ACTIVE, Status.PENDING));
    }
}
