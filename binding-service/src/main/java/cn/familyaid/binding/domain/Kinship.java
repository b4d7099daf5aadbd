package cn.familyaid.binding.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * 近亲属 a verified relationship from civil records, one row per direction: {@code relation} is what
 * {@code relativePsnNo} is to {@code psnNo}; the other row holds the inverse.
 */
@Entity
@Table(name = "kinship")
@IdClass(Kinship.Key.class)
public class Kinship extends PanacheEntityBase {
    @Id
    @Column(name = "psn_no")
    public String psnNo;
    @Id
    @Column(name = "relative_psn_no")
    public String relativePsnNo;
    @Enumerated(EnumType.STRING)
    public Relation relation;
    public boolean active;
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    /** Grows with every change of this direction; published with {@code kinship.changed}. */
    public long version;

    /** What {@code relative} is to {@code psn}, if an active kinship is recorded. */
    public static Optional<Relation> recorded(String psn, String relative) {
        Kinship k = findById(new Key(psn, relative));
        return k != null && k.active ? Optional.of(k.relation) : Optional.empty();
    }

    public static class Key implements Serializable {
        public String psnNo;
        public String relativePsnNo;

        public Key() {
        }

        public Key(String psnNo, String relativePsnNo) {
            this.psnNo = psnNo;
            this.relativePsnNo = relativePsnNo;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(psnNo, k.psnNo) && Objects.equals(relativePsnNo, k.relativePsnNo);
        }

        @Override
        public int hashCode() {
            return Objects.hash(psnNo, relativePsnNo);
        }
    }
}
