package cn.familyaid.binding.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * 亲情账户 family-proxy authorization (R-BIND-11): {@code agentPsnNo} may act for {@code psnNo} (show their
 * code, query, pay with {@code psnNo}'s own money). It is not a binding and never moves money between them.
 */
@Entity
@Table(name = "proxy")
public class Proxy extends PanacheEntityBase {
    public enum Status { ACTIVE, REVOKED }

    @Id
    @Column(name = "proxy_id")
    public UUID id;
    @Column(name = "psn_no")
    public String psnNo;
    @Column(name = "agent_psn_no")
    public String agentPsnNo;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;
    @Column(name = "revoked_by")
    public String revokedBy;

    /** True when {@code agent} holds an active proxy for {@code psn} (a guardian acting for them). */
    public static boolean actsFor(String agent, String psn) {
        return agent != null && count("agentPsnNo = ?1 and psnNo = ?2 and status = ?3", agent, psn, Status.ACTIVE) > 0;
    }
}
