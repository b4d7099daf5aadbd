package cn.familyaid.withdrawal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A ledger command as first sent (its exact body, re-sent unchanged on every retry) and its last reply. */
@Entity
@Table(name = "ledger_command")
public class LedgerCommand extends PanacheEntityBase {
    @Id
    @Column(name = "command_id")
    public String commandId;
    @Column(name = "withdrawal_id")
    public UUID withdrawalId;
    public String type;
    public String body;
    @Column(name = "first_sent_at")
    public OffsetDateTime firstSentAt;
    public String reply;
    @Column(name = "replied_at")
    public OffsetDateTime repliedAt;
}
