package cn.familyaid.settlement.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** 预结算: the split computed and the money held by the ledger until settlement posts it or it expires. */
@Entity
@Table(name = "pre_settlement")
public class PreSettlement extends PanacheEntityBase {
    public static final String PENDING = "PENDING";
    public static final String HELD = "HELD";
    public static final String USED = "USED";
    public static final String FAILED = "FAILED";
    /** failure_code of a pre-settlement replaced by a newer pre-settlement or a settlement of the same patient. */
    public static final String SUPERSEDED = "SUPERSEDED";

    @Id
    @Column(name = "pre_setl_id")
    public String preSetlId;
    @Column(name = "fixmedins_code")
    public String fixmedinsCode;
    @Column(name = "psn_no")
    public String psnNo;
    @Column(name = "content_hash")
    public String contentHash;
    /** What a settlement without pre_setl_id must match to post this hold (R-SET-2); see {@code OpenHolds.matchHash}. */
    @Column(name = "match_hash")
    public String matchHash;
    public String status;
    @Column(name = "hold_id")
    public String holdId;
    @Column(name = "hold_state")
    public String holdState;
    /** The exact HOLD_FOR_PLAN command sent, so a lost reply can be recovered by re-sending it. */
    @Column(name = "hold_command")
    public String holdCommand;
    @Column(name = "use_account")
    public boolean useAccount;
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
    /** The legs as JSON (payers in draw order), kept for the settlement that posts this hold. */
    public String payers;
    @Column(name = "failure_code")
    public String failureCode;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
