package cn.familyaid.withdrawal.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Publishes other services' events to the real test broker, as their outbox relays would, and reads topics. */
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

    static String envelope(UUID eventId, String type, String key, String data) {
        return """
                {"event_id":"%s","type":"%s","schema_version":1,"occurred_at":"2026-11-22T00:00:00Z","key":"%s","data":%s}"""
                .formatted(eventId, type, key, data);
    }

    /** {@code person.changed} v1 as binding-service publishes it. */
    public static String personChanged(UUID eventId, String psnNo, String name, String certno, String insutype,
                                       String stas, String admdvs, String deathDate, long version) {
        return envelope(eventId, "person.changed", psnNo, """
                {"psn_no":"%s","psn_name":"%s","psn_cert_type":"01","certno":"%s","insutype":"%s","psn_insu_stas":"%s",
                 "insuplc_admdvs":"%s","death_date":%s,"version":%d}""".formatted(psnNo, name, certno, insutype, stas,
                admdvs, deathDate == null ? "null" : "\"" + deathDate + "\"", version));
    }

    public static String kinshipChanged(UUID eventId, String psnNo, String relativePsnNo, String relation,
                                        boolean active) {
        return envelope(eventId, "kinship.changed", psnNo, """
                {"psn_no":"%s","relative_psn_no":"%s","relation":"%s","active":%s}"""
                .formatted(psnNo, relativePsnNo, relation, active));
    }

    public static String regionPolicyChanged(UUID eventId, String admdvs, List<String> extra, long version) {
        String categories = String.join(",", extra.stream().map(c -> "\"" + c + "\"").toList());
        return envelope(eventId, "region.policy.changed", admdvs, """
                {"admdvs":"%s","allowed_relations":["SPOUSE","PARENT","CHILD"],"cross_province_open":false,
                 "retained_min_fen":0,"acceptance_required":false,"extra_categories":[%s],"version":%d}"""
                .formatted(admdvs, categories, version));
    }

    public static String accountClosed(UUID eventId, String psnNo) {
        return envelope(eventId, "account.closed", psnNo, """
                {"psn_no":"%s","kind":"PERSONAL","reason":"WITHDRAWAL","closed_at":"2026-11-22T01:00:00Z"}"""
                .formatted(psnNo));
    }

    /** Reads the values on a topic from the beginning until {@code until} holds for what was read, or 30 s. */
    public static List<String> read(String topic, Predicate<List<String>> until) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(TestStack.asAdmin(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())))) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!until.test(seen) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
        }
        return seen;
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
