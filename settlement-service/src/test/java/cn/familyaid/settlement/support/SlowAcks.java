package cn.familyaid.settlement.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.Map;

/**
 * A producer interceptor that holds every acknowledgement of a ledger command back for {@link #DELAY_MS} before the
 * producer completes the send: the broker has the command (the ledger reads and answers it at once), but this service
 * learns that it was written only later, as on a loaded machine where the acknowledgement's callback waits for a thread.
 */
public class SlowAcks<K, V> implements ProducerInterceptor<K, V> {
    public static final long DELAY_MS = 1500;

    @Override
    public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        try {
            Thread.sleep(DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    /** The ledger channel with slow acknowledgements. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.ledger.interceptor.classes", SlowAcks.class.getName());
        }
    }
}
