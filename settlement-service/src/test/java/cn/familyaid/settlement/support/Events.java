package cn.familyaid.settlement.support;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Publishes binding-service's events to the real test broker, as its outbox relay would. */
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

    static String envelope(String type, String key, String data) {
        return """
                {"event_id":"%s","type":"%s","schema_version":1,"occurred_at":"%s","key":"%s","data":%s}"""
                .formatted(UUID.randomUUID(), type, Instant.now(), key, data);
    }

    /** {@code person.changed} v1 (binding-service). */
    public static void personChanged(String psnNo, String name, String certno, String insutype, String admdvs,
                                     long version, String deathDate) {
        String data = """
                {"psn_no":"%s","psn_name":"%s","psn_cert_type":"01","certno":"%s","insutype":"%s","psn_insu_stas":"1",
                 "insuplc_admdvs":"%s","death_date":%s,"version":%d}"""
                .formatted(psnNo, name, certno, insutype, admdvs, deathDate == null ? "null" : "\"" + deathDate + "\"",
                        version);
        send("person.changed", psnNo, envelope("person.changed", psnNo, data));
    }

    /** {@code region.policy.changed} v1 (binding-service). */
    public static void regionPolicyChanged(String admdvs, List<String> extraCategories, long version) {
        String cats = extraCategories.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
        String data = """
                {"admdvs":"%s","allowed_relations":["SPOUSE","PARENT","CHILD","SIBLING","GRANDPARENT","GRANDCHILD"],
                 "cross_province_open":false,"retained_min_fen":0,"acceptance_required":false,
                 "extra_categories":[%s],"version":%d}""".formatted(admdvs, cats, version);
        send("region.policy.changed", admdvs, envelope("region.policy.changed", admdvs, data));
    }

    /** One funder of a {@code binding.changed} plan. */
    public record Funder(String bindingId, String funderPsnNo, String relation, String shareMode, Long capFen,
                         long retainedMinFen, int order) {
    }

    /** {@code binding.changed} v1: the beneficiary's whole funding plan (binding-service). */
    public static void bindingChanged(String beneficiary, long version, List<Funder> funders) {
        String fs = funders.stream().map(f -> """
                {"binding_id":"%s","funder_psn_no":"%s","relation":"%s","share_mode":"%s","cap_fen":%s,
                 "retained_min_fen":%d,"order":%d}""".formatted(f.bindingId(), f.funderPsnNo(), f.relation(),
                f.shareMode(), f.capFen() == null ? "null" : f.capFen().toString(), f.retainedMinFen(), f.order()))
                .collect(Collectors.joining(","));
        String data = """
                {"beneficiary_psn_no":"%s","version":%d,"funders":[%s]}""".formatted(beneficiary, version, fs);
        send("binding.changed", beneficiary, envelope("binding.changed", beneficiary, data));
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
