package cn.familyaid.settlement.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * 结算: one settlement of a patient's personal part at a designated institution. Written PENDING
 * before the ledger is asked, COMPLETED after the ledger posted, FAILED when it did not; reversal
 * (撤销) goes REVERSING → REVERSED (R-SET-7).
 */
@Entity
@Table(name = "settlement")
public class Settlement extends PanacheEntityBase {
    public static final String PENDING = "PENDING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String REVERSING = "REVERSING";
    public static final String REVERSED = "REVERSED";

    @Id
    @Column(name = "setl_id")
    public String setlId;
    @Column(name = "fixmedins_code")
    public String fixmedinsCode;
    @Column(name = "medins_setl_id")
    public String medinsSetlId;
    @Column(name = "request_hash")
    public String requestHash;
    @Column(name = "pre_setl_id")
    public String preSetlId;
    @Column(name = "psn_no")
    public String psnNo;
    @Column(name = "psn_name")
    public String psnName;
    @Column(name = "mdtrt_cert_type")
    public String mdtrtCertType;
    public String insutype;
    @Column(name = "med_type")
    public String medType;
    @Column(name = "mdtrtarea_admvs")
    public String mdtrtareaAdmvs;
    @Column(name = "acct_used_flag")
    public String acctUsedFlag;
    @Column(name = "use_account")
    public boolean useAccount;
    @Column(name = "use_family")
    public boolean useFamily;
    @Column(name = "account_refused_by")
    public String accountRefusedBy;
    @Column(name = "medfee_fen")
    public long medfeeFen;
    @Column(name = "fund_pay_fen")
    public long fundPayFen;
    @Column(name = "psn_part_fen")
    public long psnPartFen;
    @Column(name = "acct_pay_fen")
    public long acctPayFen;
    @Column(name = "acct_mulaid_pay_fen")
    public long acctMulaidPayFen;
    @Column(name = "wlt_pay_fen")
    public long wltPayFen;
    @Column(name = "psn_cash_pay_fen")
    public long psnCashPayFen;
    @Column(name = "proxy_name")
    public String proxyName;
    @Column(name = "proxy_certno")
    public String proxyCertno;
    @Column(name = "proxy_relation")
    public String proxyRelation;
    public String status;
    public int attempt;
    @Column(name = "hold_id")
    public String holdId;
    @Column(name = "hold_state")
    public String holdState;
    /** The exact HOLD_FOR_PLAN command sent, so a lost reply can be recovered by re-sending it. */
    @Column(name = "hold_command")
    public String holdCommand;
    @Column(name = "failure_code")
    public String failureCode;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    /** When the current attempt started (created_at for the first); the sweep gives up attempts by this. */
    @Column(name = "attempt_started_at")
    public OffsetDateTime attemptStartedAt;
    @Column(name = "setl_time")
    public OffsetDateTime setlTime;
    @Column(name = "setl_date")
    public LocalDate setlDate;
    @Column(name = "reversed_at")
    public OffsetDateTime reversedAt;
    @Column(name = "revs_date")
    public LocalDate revsDate;
    /** The patient's own personal-account balance after the settlement or its reversal, as the ledger answered. */
    @Column(name = "balc_fen")
    public Long balcFen;

    /** Completed with this split: the hold (if any) posted; not persisted by itself. */
    public void markCompleted(Split split, String postedHoldId, OffsetDateTime at, LocalDate day) {
        status = COMPLETED;
        holdId = postedHoldId;
        if (postedHoldId != null) {
            holdState = "POSTED";
        }
        acctPayFen = split.acctPayFen();
        acctMulaidPayFen = split.acctMulaidPayFen();
        wltPayFen = split.wltPayFen();
        psnCashPayFen = split.psnCashPayFen();
        setlTime = at;
        setlDate = day;
    }

    public static Optional<Settlement> byMedinsSetlId(String fixmedinsCode, String medinsSetlId) {
        return find("fixmedinsCode = ?1 and medinsSetlId = ?2", fixmedinsCode, medinsSetlId).firstResultOptional();
    }

    public List<SettlementPayer> payers() {
        return SettlementPayer.list("setlId = ?1 order by legNo", setlId);
    }

    public Split split() {
        List<Split.Leg> legs = payers().stream().map(p -> new Split.Leg(p.legNo, p.psnNo, p.psnName, p.relation,
                p.source, p.amountFen)).toList();
        return new Split(medfeeFen, fundPayFen, psnPartFen, acctPayFen, acctMulaidPayFen, wltPayFen, psnCashPayFen,
                legs);
    }
}
