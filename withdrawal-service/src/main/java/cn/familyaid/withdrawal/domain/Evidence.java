package cn.familyaid.withdrawal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** One evidence record (证明材料) filed with an application: its type, the document reference, a bill's amount. */
@Entity
@Table(name = "evidence")
public class Evidence extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "withdrawal_id")
    public UUID withdrawalId;
    public int position;
    public String type;
    public String ref;
    @Column(name = "amount_fen")
    public Long amountFen;

    /** How a bill is recognised across applications (R-WD-4): its reference, trimmed, in upper case. */
    public String billKey() {
        return ref.strip().toUpperCase(Locale.ROOT);
    }

    public static List<Evidence> of(UUID withdrawalId) {
        return list("withdrawalId = ?1 order by position", withdrawalId);
    }
}
