package cn.familyaid.settlement.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One event waiting in (or already relayed from) the transactional outbox. {@link Outbox} writes the row in plain SQL
 * with the columns mapped here, and the relay reads and marks rows in plain SQL; the mapping reads rows back (tests,
 * {@code PlainRowsTest} that the plain INSERT writes what this entity's {@code persist} wrote).
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    public UUID id;
    public String topic;
    @Column(name = "msg_key")
    public String key;
    @Column(name = "event_type")
    public String type;
    public String payload;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "seq", insertable = false, updatable = false)
    public Long seq;
    @Column(name = "sent_at")
    public OffsetDateTime sentAt;
    /** Failed sends so far; at {@code OutboxRelay.MAX_ATTEMPTS} the row is parked. */
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
    /** Set when the relay gave up on this row; an operator re-queues it by clearing the column. */
    @Column(name = "parked_at")
    public OffsetDateTime parkedAt;
    /** The W3C traceparent of the span that wrote the event (null when tracing is off); the relay sends it on. */
    public String traceparent;
}
