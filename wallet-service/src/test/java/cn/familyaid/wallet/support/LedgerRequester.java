package cn.familyaid.wallet.support;

import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Sends ledger commands as settlement-service and withdrawal-service do: SmallRye KafkaRequestReply, on the
 * requester's own command topic, as the requester's principal.
 */
@ApplicationScoped
public class LedgerRequester {

    @Inject
    @Channel("ledger-as-settlement")
    KafkaRequestReply<String, String> settlement;

    @Inject
    @Channel("ledger-as-withdrawal")
    KafkaRequestReply<String, String> withdrawal;

    private final Set<String> assigned = new HashSet<>();

    /** Sends as the service that sends this command type (withdrawal: HOLD_WITHDRAWAL, PAYOUT; else settlement). */
    public JsonPath request(String key, String command) {
        boolean fromWithdrawal = command.contains("\"HOLD_WITHDRAWAL\"") || command.contains("\"PAYOUT\"");
        return requestAs(fromWithdrawal ? "withdrawal-service" : "settlement-service", key, command);
    }

    public JsonPath requestAs(String requester, String key, String command) {
        KafkaRequestReply<String, String> channel = switch (requester) {
            case "settlement-service" -> settlement;
            case "withdrawal-service" -> withdrawal;
            default -> throw new IllegalArgumentException(requester);
        };
        synchronized (assigned) {
            if (assigned.add(requester)) {
                // a reply sent before the reply consumer has its partitions would be missed (offset reset latest)
                channel.waitForAssignments().await().atMost(Duration.ofSeconds(60));
            }
        }
        Message<String> reply = channel.request(Message.of(command)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()))
                .await().atMost(Duration.ofSeconds(30));
        return JsonPath.from(reply.getPayload());
    }
}
