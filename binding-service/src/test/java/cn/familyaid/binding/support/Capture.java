package cn.familyaid.binding.support;

import familyaid.kafka.SecureKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Reads, as the broker's admin, what is written to some topics from the moment it is opened: every partition is
 * assigned and positioned at its end first, so only records written afterwards are seen. Also reads which topics the
 * ACL matrix ({@code deploy/kafka/acl-matrix.csv}, rows of scope {@code all}) lets a principal write and read.
 */
public final class Capture implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    private Capture(Collection<String> topics) {
        consumer = new KafkaConsumer<>(TestStack.asAdmin(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30))); // fixes the start before anything runs
    }

    /** Starts capturing these topics (each must exist on the test broker). */
    public static Capture of(Collection<String> topics) {
        return new Capture(topics);
    }

    /** Polls until the records captured so far satisfy the condition, or 60 s have passed; returns them all. */
    public List<ConsumerRecord<String, String>> until(Predicate<List<ConsumerRecord<String, String>>> done) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!done.test(records) && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** The literal topics the matrix lets the principal do this on (Write or Read), test-only rows left out. */
    public static Set<String> granted(String principal, AclOperation operation) {
        try {
            Set<String> topics = new TreeSet<>();
            SecureKafka.read(Path.of("..", "deploy", "kafka", "acl-matrix.csv"), false).stream()
                    .filter(g -> g.principal().equals(principal) && g.resource() == ResourceType.TOPIC
                            && g.pattern() == PatternType.LITERAL && g.operation() == operation)
                    .forEach(g -> topics.add(g.name()));
            return topics;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
