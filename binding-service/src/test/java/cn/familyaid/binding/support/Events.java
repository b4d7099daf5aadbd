package cn.familyaid.binding.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Publishes other services' events to the real test broker and reads topics back. */
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

    /** An {@code account.closed} v1 envelope as wallet-service publishes it. */
    public static String accountClosed(UUID eventId, String psnNo) {
        return """
                {"event_id":"%s","type":"account.closed","schema_version":1,"occurred_at":"2026-11-22T00:00:00Z",
                 "key":"%s","data":{"psn_no":"%s","kind":"PERSONAL","reason":"WITHDRAWAL",
                 "closed_at":"2026-11-22T08:00:00Z","some_future_field":1}}""".formatted(eventId, psnNo, psnNo);
    }

    public static KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(TestStack.asAdmin(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())));
        c.subscribe(List.of(topic));
        return c;
    }

    /** Polls until a record matches, or fails after 30 s. */
    public static ConsumerRecord<String, String> first(KafkaConsumer<String, String> c,
                                                      Predicate<ConsumerRecord<String, String>> match) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) {
                if (match.test(r)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no matching record within 30 s");
    }

    /** Polls until the condition holds (consumers are asynchronous) or fails after 30 s. */
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
