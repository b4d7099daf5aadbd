package cn.familyaid.wallet;

import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.messaging.Reply;
import cn.familyaid.wallet.support.Events;
import cn.familyaid.wallet.support.Answer;
import cn.familyaid.wallet.support.Commands;
import cn.familyaid.wallet.support.Family;
import cn.familyaid.wallet.support.LedgerRequester;
import cn.familyaid.wallet.support.TestStack;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Only the services that may move money can send ledger commands: the broker authenticates every client
 * (SASL/SCRAM-SHA-512) and authorizes it from deploy/kafka/acl-matrix.csv, and the ledger itself refuses a command
 * its requester (the command topic it came on) may not send. Against the real, secured test broker.
 */
@QuarkusTest
class LedgerCommandAuthorizationTest {
    static final String SETTLEMENT_COMMANDS = "ledger.commands.settlement";
    static final String WITHDRAWAL_COMMANDS = "ledger.commands.withdrawal";

    @Inject
    Family family;

    @Inject
    LedgerRequester ledger;

    @Inject
    Commands commands;

    @Inject
    MeterRegistry meters;

    static String id() {
        return UUID.randomUUID().toString();
    }

    /** The attack as it was demonstrated: a plan hold for a fake institution, answered on settlement's replies. */
    static String evilHold(String psn) {
        return """
                {"command_id":"%s","type":"HOLD_FOR_PLAN","beneficiary_psn_no":"%s","amount_fen":10000,
                 "use_account":true,"use_family":true,
                 "institution":{"fixmedins_code":"EVIL00000001","fixmedins_type":"PHARMACY","admdvs":"320102","wallet_enabled":true},
                 "reference":"EVIL","expires_in_seconds":600}""".formatted(id(), psn);
    }

    static Map<String, Object> producerProps(Map<String, Object> base) {
        Map<String, Object> p = new HashMap<>(base);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        return p;
    }

    static ProducerRecord<String, String> command(String topic, String key, String json, String replyTopic) {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, json);
        r.headers().add("REPLY_CORRELATION_ID", id().getBytes(StandardCharsets.UTF_8));
        r.headers().add("REPLY_TOPIC", replyTopic.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** Sends one record; returns the cause of the failure (null when the broker took it). */
    static Throwable send(Map<String, Object> props, ProducerRecord<String, String> record) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(producerProps(props))) {
            p.send(record).get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    double refusals() {
        return meters.find("ledger.commands.refused").counters().stream().mapToDouble(Counter::count).sum();
    }

    String holdStatus(String holdId) {
        return family.query("SELECT status FROM hold WHERE id = ?::uuid", rs -> rs.getString(1), holdId).get(0);
    }

    @Test
    void a_client_without_credentials_cannot_connect_and_the_demonstrated_attack_moves_nothing() {
        String p = family.person("钱一", "310", "320102");
        family.credit(p, 10_000);
        Map<String, Object> anonymous = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, TestStack.bootstrapServers());
        Throwable noCredentials = send(anonymous, command(SETTLEMENT_COMMANDS, p, evilHold(p), "ledger.replies.settlement"));
        assertThat(noCredentials).isInstanceOf(TimeoutException.class);

        Map<String, Object> wrongPassword = new HashMap<>(TestStack.kafka().clientProps("settlement-service"));
        wrongPassword.put(SaslConfigs.SASL_JAAS_CONFIG,
                familyaid.kafka.SecureKafka.jaas("settlement-service", "guessed"));
        Throwable guessed = send(wrongPassword, command(SETTLEMENT_COMMANDS, p, evilHold(p), "ledger.replies.settlement"));
        assertThat(guessed).isInstanceOf(SaslAuthenticationException.class);

        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
        assertThat(family.held(p, "PERSONAL")).isZero();
    }

    @Test
    void binding_service_cannot_produce_ledger_commands() {
        String p = family.person("钱二", "310", "320102");
        family.credit(p, 10_000);
        for (String topic : List.of(SETTLEMENT_COMMANDS, WITHDRAWAL_COMMANDS)) {
            Throwable refused = send(TestStack.kafka().clientProps("binding-service"),
                    command(topic, p, evilHold(p), "ledger.replies.settlement"));
            assertThat(refused).as(topic).isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(family.held(p, "PERSONAL")).isZero();
    }

    @Test
    void each_requester_writes_only_its_own_command_topic() {
        assertThat(send(TestStack.kafka().clientProps("settlement-service"),
                command(WITHDRAWAL_COMMANDS, "x", "{}", "ledger.replies.withdrawal")))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(send(TestStack.kafka().clientProps("withdrawal-service"),
                command(SETTLEMENT_COMMANDS, "x", "{}", "ledger.replies.settlement")))
                .isInstanceOf(TopicAuthorizationException.class);
        // not even the ledger may write commands
        assertThat(send(TestStack.kafka().clientProps("wallet-service"),
                command(SETTLEMENT_COMMANDS, "x", "{}", "ledger.replies.settlement")))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void withdrawal_service_cannot_read_settlement_replies() {
        Map<String, Object> props = new HashMap<>(TestStack.kafka().clientProps("withdrawal-service"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "withdrawal-ledger-replies-" + id()); // a group it may use
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            c.subscribe(List.of("ledger.replies.settlement"));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    c.poll(Duration.ofMillis(500));
                }
            }).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void a_payout_or_void_sent_by_settlement_service_is_refused_by_the_ledger_and_moves_nothing() {
        String p = family.person("钱三", "310", "320102");
        family.credit(p, 10_000);
        Answer hold = commands.handle(new LedgerCommand.HoldWithdrawal(id(), p, null, "WD-AUTH"));
        assertThat(hold.isOk()).isTrue();
        String holdId = (String) hold.get("hold_id");
        double before = refusals();

        JsonPath payout = ledger.requestAs("settlement-service", p, """
                {"command_id":"%s","type":"PAYOUT","hold_id":"%s","close_account":true}""".formatted(id(), holdId));
        assertThat(payout.getBoolean("ok")).isFalse();
        assertThat(payout.getString("code")).isEqualTo(Reply.Code.FORBIDDEN_COMMAND.name());

        JsonPath voided = ledger.requestAs("settlement-service", p, """
                {"command_id":"%s","type":"VOID_HOLD","hold_id":"%s"}""".formatted(id(), holdId));
        assertThat(voided.getString("code")).as("a withdrawal hold is not settlement's").isEqualTo(Reply.Code.FORBIDDEN_COMMAND.name());

        assertThat(holdStatus(holdId)).isEqualTo("PENDING");
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
        assertThat(family.account(p, "PERSONAL").status()).isEqualTo("ACTIVE");
        assertThat(refusals() - before).isGreaterThanOrEqualTo(2);

        // withdrawal-service, the requester that placed it, may release it
        JsonPath released = ledger.requestAs("withdrawal-service", p, """
                {"command_id":"%s","type":"VOID_HOLD","hold_id":"%s","requester":"withdrawal-service"}"""
                .formatted(id(), holdId));
        assertThat(released.getBoolean("ok")).isTrue();
        assertThat(family.held(p, "PERSONAL")).isZero();
    }

    @Test
    void withdrawal_service_may_not_hold_for_a_plan_nor_name_another_requester() {
        String p = family.person("钱四", "310", "320102");
        family.credit(p, 10_000);
        JsonPath planHold = ledger.requestAs("withdrawal-service", p, evilHold(p));
        assertThat(planHold.getString("code")).isEqualTo(Reply.Code.FORBIDDEN_COMMAND.name());

        String named = evilHold(p).replace("\"reference\":\"EVIL\"",
                "\"reference\":\"EVIL\",\"requester\":\"settlement-service\"");
        JsonPath impersonating = ledger.requestAs("withdrawal-service", p, named);
        assertThat(impersonating.getString("code")).isEqualTo(Reply.Code.FORBIDDEN_COMMAND.name());
        // nor settle one-shot: SETTLE is settlement-service's alone
        String settle = evilHold(p).replace("\"type\":\"HOLD_FOR_PLAN\"", "\"type\":\"SETTLE\"")
                .replace("\"reference\":\"EVIL\"", "\"reference\":\"EVIL\",\"not_after\":\""
                        + OffsetDateTime.now().plusMinutes(1) + "\"");
        assertThat(settle).contains("\"SETTLE\"");
        JsonPath oneShot = ledger.requestAs("withdrawal-service", p, settle);
        assertThat(oneShot.getString("code")).isEqualTo(Reply.Code.FORBIDDEN_COMMAND.name());
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
        assertThat(family.held(p, "PERSONAL")).isZero();
        assertThat(family.query("SELECT count(*) FROM hold WHERE psn_no = ?", rs -> rs.getLong(1), p).get(0)).isZero();
    }

    @Test
    void a_command_whose_reply_would_go_to_another_requester_is_not_executed() {
        String p = family.person("钱五", "310", "320102");
        family.credit(p, 10_000);
        double before = refusals();
        Throwable sent = send(TestStack.kafka().clientProps("settlement-service"),
                command(SETTLEMENT_COMMANDS, p, evilHold(p), "ledger.replies.withdrawal"));
        assertThat(sent).isNull();
        Events.await("the refusal counted", () -> refusals() > before);
        assertThat(family.held(p, "PERSONAL")).isZero();
        assertThat(family.query("SELECT count(*) FROM hold WHERE psn_no = ?", rs -> rs.getLong(1), p).get(0)).isZero();
    }
}
