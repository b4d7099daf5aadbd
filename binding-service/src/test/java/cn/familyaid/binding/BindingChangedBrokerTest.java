package cn.familyaid.binding;

import cn.familyaid.binding.outbox.OutboxRelay;
import cn.familyaid.binding.support.Events;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static cn.familyaid.binding.support.Family.bindBody;
import static cn.familyaid.binding.support.Family.bind;
import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static org.assertj.core.api.Assertions.assertThat;

/** binding.changed reaches the real broker keyed by the beneficiary, with the whole plan (README, Events). */
@QuarkusTest
class BindingChangedBrokerTest {

    @Inject
    OutboxRelay relay;

    @Inject
    ObjectMapper json;

    @Test
    void binding_changed_is_on_the_broker_keyed_by_beneficiary_with_the_whole_plan() throws Exception {
        String grandma = person("320102", "390");
        String son = person("320102", "310");
        String daughter = person("320104", "310");
        kin(son, grandma, "PARENT");
        kin(daughter, grandma, "PARENT");
        try (KafkaConsumer<String, String> consumer = Events.consumer("binding.changed")) {
            bind(bindBody(son, grandma, "PARENT")).statusCode(201);
            Map<String, Object> capped = bindBody(daughter, grandma, "PARENT");
            capped.put("share", Map.of("mode", "CAP", "cap_amt", new BigDecimal("300.50")));
            String second = bind(capped).statusCode(201).extract().path("binding_id");
            relay.relayBatch();
            ConsumerRecord<String, String> record = Events.first(consumer, r -> {
                if (!grandma.equals(r.key())) {
                    return false;
                }
                try {
                    return json.readTree(r.value()).get("data").get("version").asLong() == 2;
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode envelope = json.readTree(record.value());
            assertThat(envelope.get("type").asText()).isEqualTo("binding.changed");
            assertThat(envelope.get("schema_version").asInt()).isEqualTo(1);
            assertThat(envelope.get("key").asText()).isEqualTo(grandma);
            assertThat(envelope.get("event_id").asText()).hasSize(36);
            JsonNode data = envelope.get("data");
            assertThat(data.get("beneficiary_psn_no").asText()).isEqualTo(grandma);
            assertThat(data.get("funders")).hasSize(2);
            assertThat(data.get("funders").get(0).get("funder_psn_no").asText()).isEqualTo(son);
            assertThat(data.get("funders").get(0).get("order").asInt()).isEqualTo(1);
            JsonNode d = data.get("funders").get(1);
            assertThat(d.get("binding_id").asText()).isEqualTo(second);
            assertThat(d.get("funder_psn_no").asText()).isEqualTo(daughter);
            assertThat(d.get("relation").asText()).isEqualTo("PARENT");
            assertThat(d.get("share_mode").asText()).isEqualTo("CAP");
            assertThat(d.get("cap_fen").asLong()).isEqualTo(30050);
            assertThat(d.get("retained_min_fen").isIntegralNumber()).isTrue();
            assertThat(d.get("order").asInt()).isEqualTo(2);
        }
    }
}
