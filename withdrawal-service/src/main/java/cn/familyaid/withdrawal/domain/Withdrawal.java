package cn.familyaid.withdrawal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * 支取申请: an application to withdraw a personal account (R-WD-1..10).
 * Lifecycle: SUBMITTED → APPROVED (amount held in the ledger) → PAID, or SUBMITTED → REJECTED; an APPROVED own
 * withdrawal of a person who died before it was paid → CANCELLED (hold voided, R-WD-1).
 */
@Entity
@Table(name = "withdrawal")
public class Withdrawal extends PanacheEntityBase {
    public enum Status { SUBMITTED, APPROVED, PAID, REJECTED, CANCELLED }

    /** Why an approved application was stopped before payout. */
    public static final String CANCELLED_DECEASED = "DECEASED";

    @Id
    public UUID id;
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "request_hash")
    public String requestHash;
    @Column(name = "psn_no")
    public String psnNo;
    public String admdvs;
    @Enumerated(EnumType.STRING)
    public Reason reason;
    @Column(name = "full_withdrawal")
    public boolean fullWithdrawal;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "applicant_psn_no")
    public String applicantPsnNo;
    @Column(name = "applicant_name")
    public String applicantName;
    @Column(name = "applicant_certno")
    public String applicantCertno;
    @Column(name = "applicant_relation")
    public String applicantRelation;
    @Column(name = "filed_by_role")
    public String filedByRole;
    @Column(name = "filed_by")
    public String filedBy;
    public String bank;
    @Column(name = "bank_account_no")
    public String bankAccountNo;
    @Column(name = "holder_name")
    public String holderName;
    @Column(name = "moving_abroad")
    public boolean movingAbroad;
    @Column(name = "requested_fen")
    public Long requestedFen;
    @Column(name = "bill_fen")
    public Long billFen;
    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;
    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;
    public String reviewer;
    @Column(name = "decision_note")
    public String decisionNote;
    public boolean forged;
    @Column(name = "hold_id")
    public String holdId;
    @Column(name = "held_fen")
    public Long heldFen;
    @Column(name = "approved_at")
    public OffsetDateTime approvedAt;
    @Column(name = "paid_fen")
    public Long paidFen;
    @Column(name = "paid_at")
    public OffsetDateTime paidAt;
    @Column(name = "account_closed")
    public boolean accountClosed;
    @Column(name = "hold_released")
    public boolean holdReleased;
    @Column(name = "cancelled_at")
    public OffsetDateTime cancelledAt;
    @Column(name = "cancel_reason")
    public String cancelReason;
    @Column(name = "ledger_error")
    public String ledgerError;
    public long version;

    public static Optional<Withdrawal> byRequestId(String requestId) {
        return find("requestId", requestId).firstResultOptional();
    }

    /** Ledger command ids derived from the application: a retry of any step is the same command. */
    public String holdCommandId() {
        return "wd-" + id + "-hold";
    }

    public String payoutCommandId() {
        return "wd-" + id + "-payout";
    }

    public String voidCommandId() {
        return "wd-" + id + "-void";
    }
}
