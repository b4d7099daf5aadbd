package cn.familyaid.settlement.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** 冒名就医: a settlement attempted with a credential that is not the patient's own (R-SET-3). */
@Entity
@Table(name = "impersonation_attempt")
public class ImpersonationAttempt extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "fixmedins_code")
    public String fixmedinsCode;
    @Column(name = "psn_no")
    public String psnNo;
    @Column(name = "mdtrt_cert_type")
    public String mdtrtCertType;
    /** Evidence for the agency; personal data, never logged nor returned to institutions. */
    @Column(name = "presented_certno")
    public String presentedCertno;
    @Column(name = "holder_psn_no")
    public String holderPsnNo;
    public String reason;
    public String operation;
    @Column(name = "attempted_at")
    public OffsetDateTime attemptedAt;
}
