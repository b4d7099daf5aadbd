package cn.familyaid.wallet.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * An account of the ledger: a person's 个人账户 (PERSONAL, employee insurance only) or 医保钱包 (WALLET).
 * Amounts in fen; {@code held} is the part of the balance under pending holds.
 * <p>Read-only ({@link Immutable}): accounts are written only by plain SQL under the ledger's account locks
 * ({@code ledger/Ledger}, {@code AccountService#freeze}). An entity UPDATE would write back the balance and held
 * it read earlier and so overwrite money moved meanwhile (a lost update).
 */
@Entity
@Immutable
@Table(name = "account")
public class Account extends PanacheEntityBase {
    public enum Kind { PERSONAL, WALLET, SYSTEM }

    public static final String ACTIVE = "ACTIVE";
    public static final String FROZEN = "FROZEN";
    public static final String CLOSED = "CLOSED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "psn_no")
    public String psnNo;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public String admdvs;
    public String status;
    public long balance;
    public long held;
    @Column(name = "opened_at")
    public OffsetDateTime openedAt;
    public long version;
    public String code;
    public String phone;
    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    public static Optional<Account> of(String psnNo, Kind kind) {
        return find("psnNo = ?1 and kind = ?2", psnNo, kind).firstResultOptional();
    }

    public long available() {
        return balance - held;
    }
}
