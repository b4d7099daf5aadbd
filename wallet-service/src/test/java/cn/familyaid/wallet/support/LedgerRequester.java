package cn.familyaid.wallet.support;

import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;

/** Sends ledger commands as settlement-service and withdrawal-service do: SmallRye KafkaRequestReply. */
@ApplicationScoped
public class LedgerRequester {

    @Inject
    @Channel("ledger-test-requests")
    KafkaRequestReply<String, String> requests;

    private volatile boolean assigned;

    public JsonPath request(String key, String command) {
        if (!assigned) {
            // a reply sent before the reply consumer has its partitions would be missed (offset reset latest)
            requests.waitForAssignments().await().atMost(Duration.ofSeconds(60));
            assigned = true;
        }
        Message<String> reply = requests.request(Message.of(command)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()))
                .await().atMost(Duration.ofSeconds(30));
        return JsonPath.from(reply.getPayload());
    }
}
