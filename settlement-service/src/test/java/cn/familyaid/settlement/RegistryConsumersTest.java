package cn.familyaid.settlement;

import cn.familyaid.settlement.domain.InsuredPerson;
import cn.familyaid.settlement.messaging.PersonChangedEvent;
import cn.familyaid.settlement.service.RegistryCopyService;
import cn.familyaid.settlement.support.Events;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.TestStack;
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

/** person.changed from the real broker: applied once, newest version wins, poison messages dead-lettered. */
@QuarkusTest
class RegistryConsumersTest {

    @Inject
    RegistryCopyService copies;

    @Test
    void a_redelivered_person_event_is_applied_once_and_older_versions_change_nothing() {
        String psn = Fixtures.id("P");
        UUID id = UUID.randomUUID();
        var data = new PersonChangedEvent.Data(psn, "王五", "01", "110101199003076631", "310", "1", "320102", null, 5);
        assertThat(QuarkusTransaction.requiringNew().call(() -> copies.onPersonChanged(id, data))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> copies.onPersonChanged(id, data))).isFalse();
        var older = new PersonChangedEvent.Data(psn, "王五", "01", "110101199003076631", "390", "1", "320102",
                LocalDate.of(2026, 1, 1), 4);
        QuarkusTransaction.requiringNew().run(() -> copies.onPersonChanged(UUID.randomUUID(), older));
        InsuredPerson p = QuarkusTransaction.requiringNew().call(() -> InsuredPerson.<InsuredPerson>findById(psn));
        assertThat(p.version).isEqualTo(5);
        assertThat(p.insutype).isEqualTo("310");
        assertThat(p.deathDate).isNull();
    }

    @Test
    void a_malformed_person_event_goes_to_the_dead_letter_topic_and_the_next_one_is_applied() {
        String bad = Fixtures.id("BAD");
        Events.send("person.changed", bad, "{\"event_id\":\"" + UUID.randomUUID() + "\",\"type\":\"person.changed\","
                + "\"data\":{\"psn_no\":\"" + bad + "\",\"version\":1}}");
        Fixtures.Person good = Fixtures.person("310", "320102");
        assertThat(Fixtures.known(good.psnNo())).isTrue();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(TestStack.asAdmin(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())))) {
            c.subscribe(List.of("settlement.person.changed.dlq"));
            boolean found = false;
            long deadline = System.currentTimeMillis() + 30_000;
            while (!found && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    found |= r.value() != null && r.value().contains(bad);
                }
            }
            assertThat(found).as("the malformed event is on the dead-letter topic").isTrue();
        }
        assertThat(Fixtures.known(bad)).isFalse();
    }
}
