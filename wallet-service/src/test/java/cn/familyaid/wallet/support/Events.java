package cn.familyaid.wallet.support;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Publishes other services' events to the real test broker, as their outbox relays would. */
public final class Events {
    private static KafkaProducer<String, String> producer;

    private Events() {
    }

    public static synchronized void send(String topic, String key, String json) {
        if (producer == null) {
            producer = new KafkaProducer<>(TestStack.asAdmin(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())));
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, json)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code person.changed} v1 envelope as binding-service publishes it. */
    public static String personChanged(UUID eventId, String psnNo, String insutype, String admdvs, long version,
                                       String deathDate) {
        return """
                {"event_id":"%s","type":"person.changed","schema_version":1,"occurred_at":"2026-11-22T00:00:00Z",
                 "key":"%s","data":{"psn_no":"%s","psn_name":"王五","psn_cert_type":"01","certno":"110101199003076631",
                 "insutype":"%s","psn_insu_stas":"1","insuplc_admdvs":"%s","death_date":%s,"version":%d}}"""
                .formatted(eventId, psnNo, psnNo, insutype, admdvs,
                        deathDate == null ? "null" : "\"" + deathDate + "\"", version);
    }

    /** Polls until the condition holds (the consumer is asynchronous) or fails after 30 s. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
