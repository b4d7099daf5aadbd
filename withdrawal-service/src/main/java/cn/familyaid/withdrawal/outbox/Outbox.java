package cn.familyaid.withdrawal.outbox;

import cn.familyaid.withdrawal.telemetry.TraceContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

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
        event.persist();
        wakeRelayAfterCommit();
        return event.id;
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
