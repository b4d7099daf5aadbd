package cn.familyaid.withdrawal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A recorded kinship (亲属关系) from {@code kinship.changed}, one row per direction:
 * {@code relation} is what {@code relative_psn_no} is to {@code psn_no}. An heir (继承人) of a deceased
 * person is someone with an active recorded kinship to them (R-WD-1).
 */
@Entity
@Table(name = "kinship")
public class Kinship extends PanacheEntityBase {
    @Embeddable
    public record Key(@Column(name = "psn_no") String psnNo,
                      @Column(name = "relative_psn_no") String relativePsnNo) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public String relation;
    public boolean active;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** The active kinship saying what {@code relative} is to {@code psnNo}, if recorded. */
    public static Optional<Kinship> active(String psnNo, String relative) {
        Kinship k = findById(new Key(psnNo, relative));
        return k != null && k.active ? Optional.of(k) : Optional.empty();
    }
}
