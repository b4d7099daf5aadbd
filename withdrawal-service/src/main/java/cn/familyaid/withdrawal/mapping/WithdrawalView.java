package cn.familyaid.withdrawal.mapping;

import cn.familyaid.withdrawal.domain.Evidence;
import cn.familyaid.withdrawal.domain.Masking;
import cn.familyaid.withdrawal.domain.Money;
import cn.familyaid.withdrawal.domain.Withdrawal;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An application as GET /withdrawals/{id} shows it. The applicant's certificate and the bank account are
 * masked for anyone but the applicant (root README, Contract conventions: personal data).
 */
public record WithdrawalView(
        @JsonProperty("withdrawal_id") String withdrawalId,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("psn_no") String psnNo,
        String reason,
        String status,
        Applicant applicant,
        @JsonProperty("bank_account") BankAccount bankAccount,
        List<EvidenceItem> evidence,
        @JsonProperty("moving_abroad") boolean movingAbroad,
        BigDecimal amount,
        @JsonProperty("bill_amt") BigDecimal billAmt,
        @JsonProperty("held_amt") BigDecimal heldAmt,
        @JsonProperty("paid_amt") BigDecimal paidAmt,
        @JsonProperty("full_withdrawal") boolean fullWithdrawal,
        @JsonProperty("account_closed") boolean accountClosed,
        boolean forged,
        @JsonProperty("filed_by") String filedBy,
        String reviewer,
        String note,
        @JsonProperty("submitted_at") OffsetDateTime submittedAt,
        @JsonProperty("decided_at") OffsetDateTime decidedAt,
        @JsonProperty("approved_at") OffsetDateTime approvedAt,
        @JsonProperty("paid_at") OffsetDateTime paidAt,
        @JsonProperty("cancelled_at") OffsetDateTime cancelledAt,
        @JsonProperty("cancel_reason") String cancelReason) {

    public record Applicant(@JsonProperty("psn_no") String psnNo, @JsonProperty("psn_name") String psnName,
                            String certno, String relation) {
    }

    public record BankAccount(String bank, @JsonProperty("account_no") String accountNo,
                              @JsonProperty("holder_name") String holderName) {
    }

    public record EvidenceItem(String type, String ref, BigDecimal amount) {
    }

    public static WithdrawalView of(Withdrawal w, List<Evidence> evidence, boolean shownToApplicant) {
        return new WithdrawalView(w.id.toString(), w.requestId, w.psnNo, w.reason.name(), w.status.name(),
                new Applicant(w.applicantPsnNo, w.applicantName,
                        shownToApplicant ? w.applicantCertno : Masking.certno(w.applicantCertno),
                        w.applicantRelation),
                new BankAccount(w.bank, shownToApplicant ? w.bankAccountNo : Masking.accountNo(w.bankAccountNo),
                        w.holderName),
                evidence.stream().map(e -> new EvidenceItem(e.type, e.ref, yuan(e.amountFen))).toList(),
                w.movingAbroad, yuan(w.requestedFen), yuan(w.billFen), yuan(w.heldFen), yuan(w.paidFen),
                w.fullWithdrawal, w.accountClosed, w.forged, w.filedBy, w.reviewer, w.decisionNote,
                w.submittedAt, w.decidedAt, w.approvedAt, w.paidAt, w.cancelledAt, w.cancelReason);
    }

    private static BigDecimal yuan(Long fen) {
        return fen == null ? null : Money.toYuan(fen);
    }
}
