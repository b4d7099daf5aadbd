package cn.familyaid.withdrawal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * 失信名单 entry (R-WD-9): an applicant found forging evidence, with the fine basis (the amount sought)
 * and the fine set, never above five times the basis.
 */
@Entity
@Table(name = "dishonesty_entry")
public class DishonestyEntry extends PanacheEntityBase {
    public static final int FINE_MULTIPLE = 5;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "psn_no")
    public String psnNo;
    public String certno;
    /** The region of the application found forged (the person's at the decision): whose agencies list it. */
    public String admdvs;
    @Column(name = "withdrawal_id")
    public UUID withdrawalId;
    @Column(name = "basis_fen")
    public long basisFen;
    @Column(name = "fine_fen")
    public long fineFen;
    @Column(name = "listed_at")
    public OffsetDateTime listedAt;
    @Column(name = "listed_by")
    public String listedBy;
    public String note;

    /** True when the person (by psn_no or certificate) is on the list. */
    public static boolean listed(String psnNo, String certno) {
        return count("psnNo = ?1 or certno = ?2", psnNo, certno) > 0;
    }

    public static long maxFine(long basisFen) {
        return Math.multiplyExact(basisFen, FINE_MULTIPLE);
    }
}
