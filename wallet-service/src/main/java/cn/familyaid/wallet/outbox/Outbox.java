package cn.familyaid.wallet.outbox;

import cn.familyaid.wallet.ledger.Db;
import cn.familyaid.wallet.telemetry.TraceContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an event into the outbox in the caller's transaction, so the change and its event
 * commit or roll back together. {@link OutboxRelay} publishes it afterwards: woken right after the
 * commit, so events leave within milliseconds, and on its schedule for anything a wake-up missed.
 * Envelope: {@code {event_id, type, schema_version, occurred_at, key, data}}.
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
    Db db;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, String key, String type, int schemaVersion, Object data) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.topic = topic;
        event.key = key;
        event.type = type;
        event.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        event.traceparent = TraceContext.traceparent();
        event.payload = envelope(event.id, type, schemaVersion, event.createdAt, key, data);
        event.persist();
        wakeRelayAfterCommit();
        return event.id;
    }

    /** An event to write with {@link #publishAll}. */
    public record Event(String topic, String key, String type, int schemaVersion, Object data) {
    }

    /** As {@link #publish} for several events, in one statement (the ledger's hot path). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int n = events.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            UUID id = UUID.randomUUID();
            ids[i] = id.toString();
            topics[i] = e.topic();
            keys[i] = e.key();
            types[i] = e.type();
            payloads[i] = envelope(id, e.type(), e.schemaVersion(), now, e.key(), e.data());
        }
        // WITH ORDINALITY keeps the events' order in seq, as one publish after another would
        db.update("INSERT INTO outbox_event (id, topic, msg_key, event_type, payload, created_at, traceparent) "
                        + "SELECT t.id::uuid, t.topic, t.k, t.type, t.payload, ?, ?::varchar FROM unnest(?::varchar[], "
                        + "?::varchar[], ?::varchar[], ?::varchar[], ?::text[]) WITH ORDINALITY "
                        + "AS t(id, topic, k, type, payload, n) ORDER BY t.n", now,
                TraceContext.traceparent(), (Object) ids, (Object) topics,
                (Object) keys, (Object) types, (Object) payloads);
        wakeRelayAfterCommit();
    }

    private String envelope(UUID id, String type, int schemaVersion, OffsetDateTime at, String key, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event_id", id.toString());
        envelope.put("type", type);
        envelope.put("schema_version", schemaVersion);
        envelope.put("occurred_at", at.toString());
        envelope.put("key", key);
        envelope.put("data", data);
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + type + " cannot be serialised", e);
        }
    }

    private void wakeRelayAfterCommit() {
        if (transaction.getResource(WAKE_REGISTERED) != null) {
            return; // one wake-up per transaction, however many events it writes
        }
        transaction.putResource(WAKE_REGISTERED, Boolean.TRUE);
        AfterCommit.run(transaction, relay::wake);
    }
}
