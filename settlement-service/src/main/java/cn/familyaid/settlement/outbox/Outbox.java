package cn.familyaid.settlement.outbox;

import cn.familyaid.settlement.telemetry.TraceContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an event into the outbox in the caller's transaction, so the change and its event
 * commit or roll back together. {@link OutboxRelay} publishes it afterwards: woken right after the
 * commit, so events leave within milliseconds, and on its schedule for anything a wake-up missed.
 * Envelope: {@code {event_id, type, schema_version, occurred_at, key, data}}.
 * <p>
 * The row is written in one plain INSERT on the connection of the caller's transaction (the columns
 * {@link OutboxEvent} maps, with the values its {@code persist} wrote), not as an entity: it is on every
 * settlement's path, and nothing reads the event back in the transaction that writes it. The INSERT runs at once,
 * ahead of the caller's entity changes that Hibernate flushes at the commit; the relay reads committed rows only.
 */
@ApplicationScoped
public class Outbox {

    private static final Object WAKE_REGISTERED = new Object();

    @Inject
    ObjectMapper json;

    @Inject
    TransactionSynchronizationRegistry transaction;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, String key, String type, int schemaVersion, Object data) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.topic = topic;
        event.key = key;
        event.type = type;
        event.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        event.traceparent = TraceContext.traceparent();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event_id", event.id.toString());
        envelope.put("type", type);
        envelope.put("schema_version", schemaVersion);
        envelope.put("occurred_at", event.createdAt.toString());
        envelope.put("key", key);
        envelope.put("data", data);
        try {
            event.payload = json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + type + " cannot be serialised", e);
        }
        insert(event);
        wakeRelayAfterCommit();
        return event.id;
    }

    /** The event's row as {@code persist} wrote it: not sent, no failed sends, not parked; {@code seq} by default. */
    private void insert(OutboxEvent event) {
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_event (id, topic, msg_key, event_type, "
                    + "payload, created_at, sent_at, attempts, last_error, parked_at, traceparent) "
                    + "VALUES (?, ?, ?, ?, ?, ?, NULL, 0, NULL, NULL, ?)")) {
                ps.setObject(1, event.id);
                ps.setString(2, event.topic);
                ps.setString(3, event.key);
                ps.setString(4, event.type);
                ps.setString(5, event.payload);
                ps.setObject(6, event.createdAt);
                ps.setString(7, event.traceparent);
                ps.executeUpdate();
            }
        });
    }

    private void wakeRelayAfterCommit() {
        if (transaction.getResource(WAKE_REGISTERED) != null) {
            return; // one wake-up per transaction, however many events it writes
        }
        transaction.putResource(WAKE_REGISTERED, Boolean.TRUE);
        transaction.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
