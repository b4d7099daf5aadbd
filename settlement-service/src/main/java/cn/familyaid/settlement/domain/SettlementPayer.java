package cn.familyaid.settlement.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** One paying account of a settlement, in draw order (R-SET-2). */
@Entity
@Table(name = "settlement_payer")
@IdClass(SettlementPayer.Key.class)
public class SettlementPayer extends PanacheEntityBase {
    @Id
    @Column(name = "setl_id")
    public String setlId;
    @Id
    @Column(name = "leg_no")
    public int legNo;
    @Column(name = "psn_no")
    public String psnNo;
    @Column(name = "psn_name")
    public String psnName;
    public String relation;
    public String source;
    @Column(name = "amount_fen")
    public long amountFen;

    public static class Key implements Serializable {
        public String setlId;
        public int legNo;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(setlId, k.setlId) && legNo == k.legNo;
        }

        @Override
        public int hashCode() {
            return Objects.hash(setlId, legNo);
        }
    }
}
