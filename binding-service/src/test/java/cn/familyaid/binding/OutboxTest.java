package cn.familyaid.binding;

import cn.familyaid.binding.domain.Person;
import cn.familyaid.binding.outbox.OutboxEvent;
import cn.familyaid.binding.outbox.OutboxRelay;
import cn.familyaid.binding.rest.PersonRequest;
import cn.familyaid.binding.service.PersonService;
import cn.familyaid.binding.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The person row and its {@code person.changed} event commit or roll back together, then reach the broker. */
@QuarkusTest
class OutboxTest {

    @Inject
    PersonService persons;

    @Inject
    OutboxRelay relay;

    @Inject
    ObjectMapper json;

    static PersonRequest request() {
        return new PersonRequest("李四", "01", cn.familyaid.binding.domain.ResidentId.withCheckDigit("11010119900307663"),
                "2", LocalDate.of(1990, 3, 7), "310", "1", "110101", null);
    }

    static long eventsFor(String psn) {
        return OutboxEvent.count("key", psn);
    }

    @Test
    void a_rolled_back_change_leaves_neither_the_person_nor_its_event() {
        String psn = "RB" + UUID.randomUUID().toString().substring(0, 8);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            persons.upsert(psn, request(), "000000");
            throw new IllegalStateException("fail after the write");
        })).isInstanceOf(IllegalStateException.class);
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(Person.<Person>findById(psn)).isNull();
            assertThat(eventsFor(psn)).isZero();
        });
    }

    @Test
    void a_committed_change_has_exactly_one_event_which_the_relay_publishes_keyed_by_psn_no() throws Exception {
        String psn = "OK" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("person.changed"));
            consumer.poll(Duration.ofMillis(200));
            QuarkusTransaction.requiringNew().run(() -> persons.upsert(psn, request(), "000000"));
            QuarkusTransaction.requiringNew().run(() -> {
                assertThat(Person.<Person>findById(psn)).isNotNull();
                assertThat(eventsFor(psn)).isEqualTo(1);
            });
            relay.relayBatch();

            ConsumerRecord<String, String> found = null;
            long deadline = System.currentTimeMillis() + 20_000;
            while (found == null && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (psn.equals(r.key())) {
                        found = r;
                    }
                }
            }
            assertThat(found).as("person.changed for %s on the broker", psn).isNotNull();
            JsonNode event = json.readTree(found.value());
            assertThat(event.get("type").asText()).isEqualTo("person.changed");
            assertThat(event.get("data").get("psn_no").asText()).isEqualTo(psn);
            assertThat(event.get("data").get("insutype").asText()).isEqualTo("310");
            // the relay marks the row sent once the broker acked it (a consumer may see the record just before)
            long marked = System.currentTimeMillis() + 10_000;
            while (sentAt(psn) == null && System.currentTimeMillis() < marked) {
                Thread.sleep(50);
            }
            assertThat(sentAt(psn)).as("row marked sent after the ack").isNotNull();
        }
    }

    private static java.time.OffsetDateTime sentAt(String psn) {
        return QuarkusTransaction.requiringNew().call(
                () -> OutboxEvent.<OutboxEvent>find("key", psn).firstResult().sentAt);
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(TestStack.asAdmin(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())));
    }
}
