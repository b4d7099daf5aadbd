package familyaid.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Replays the demonstrated attack on a running broker: HOLD_FOR_PLAN for a person (to a fake institution) then
 * POST_HOLD, by a client without credentials, then by binding-service's principal (which may not send commands),
 * and tries to read settlement's ledger replies as withdrawal-service. Prints what the broker said to each and
 * exits non-zero if any of them got through.
 *
 * <pre>java -cp 'deploy/local/.cache/kafka-lib/*' deploy/kafka/src/AttackCheck.java localhost:9092 deploy/local/.run/kafka/credentials PSN_NO</pre>
 */
public final class AttackCheck {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: AttackCheck BOOTSTRAP CREDENTIALS_DIR PSN_NO");
            System.exit(2);
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off"); // only the verdicts are printed
        String bootstrap = args[0];
        Path credentials = Path.of(args[1]);
        String psn = args[2];
        int through = 0;

        Map<String, Object> anonymous = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        through += attempt("no credentials", anonymous, psn);
        String binding = Files.readString(credentials.resolve("binding-service.password")).strip();
        through += attempt("binding-service", clientProps(bootstrap, "binding-service", binding), psn);

        String withdrawal = Files.readString(credentials.resolve("withdrawal-service.password")).strip();
        Map<String, Object> reader = clientProps(bootstrap, "withdrawal-service", withdrawal);
        reader.put(ConsumerConfig.GROUP_ID_CONFIG, "withdrawal-ledger-replies-attack-check");
        reader.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        reader.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(reader)) {
            c.subscribe(List.of("ledger.replies.settlement"));
            for (int i = 0; i < 10; i++) {
                c.poll(Duration.ofMillis(500));
            }
            System.out.println("withdrawal-service reading ledger.replies.settlement: ALLOWED");
            through++;
        } catch (Exception e) {
            System.out.println("withdrawal-service reading ledger.replies.settlement: refused (" + e.getClass().getSimpleName() + ")");
        }
        System.out.println(through == 0 ? "no attack got through" : through + " attack(s) got through");
        System.exit(through == 0 ? 0 : 1);
    }

    /** As SecureKafka.clientProps (this file runs alone, as a single source file). */
    static Map<String, Object> clientProps(String bootstrap, String user, String password) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    private static int attempt(String who, Map<String, Object> props, String psn) {
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        String hold = """
                {"command_id":"%s","type":"HOLD_FOR_PLAN","beneficiary_psn_no":"%s","amount_fen":10000,
                 "use_account":true,"use_family":true,
                 "institution":{"fixmedins_code":"EVIL00000001","fixmedins_type":"PHARMACY","admdvs":"320102","wallet_enabled":true},
                 "reference":"EVIL","expires_in_seconds":600}""".formatted(UUID.randomUUID(), psn);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props)) {
            ProducerRecord<String, String> r = new ProducerRecord<>("ledger.commands.settlement", psn, hold);
            r.headers().add("REPLY_TOPIC", "ledger.replies.settlement".getBytes(StandardCharsets.UTF_8));
            r.headers().add("REPLY_CORRELATION_ID", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            p.send(r).get();
            System.out.println(who + " sending HOLD_FOR_PLAN to ledger.commands.settlement: ALLOWED");
            return 1;
        } catch (ExecutionException e) {
            System.out.println(who + " sending HOLD_FOR_PLAN: refused (" + e.getCause().getClass().getSimpleName() + ")");
            return 0;
        } catch (Exception e) {
            System.out.println(who + " sending HOLD_FOR_PLAN: refused (" + e.getClass().getSimpleName() + ")");
            return 0;
        }
    }
}
