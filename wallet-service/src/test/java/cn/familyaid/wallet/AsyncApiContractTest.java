package cn.familyaid.wallet;

import cn.familyaid.wallet.service.TransferService;
import cn.familyaid.wallet.support.AsyncApi;
import cn.familyaid.wallet.support.Capture;
import cn.familyaid.wallet.support.Events;
import cn.familyaid.wallet.support.Family;
import cn.familyaid.wallet.support.LedgerRequester;
import cn.familyaid.wallet.support.TestStack;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static cn.familyaid.wallet.support.Family.all;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ledger writes to the broker is what its asyncapi.yaml says (README, Events and Ledger commands): every
 * record of a real flow (events through the outbox, replies to commands sent as settlement-service and
 * withdrawal-service, dead letters), read back as the broker's admin, matches a message of its topic in the
 * document (payload schema, key, headers) and what the other services' documents say they read of it; the document
 * names exactly the topics the ACL matrix lets wallet-service write and read.
 */
@QuarkusTest
class AsyncApiContractTest {
    static final AsyncApi DOC = AsyncApi.of(TestStack.SERVICE);
    static final String HOSPITAL = "H32010200077";

    @Inject
    Family family;

    @Inject
    LedgerRequester ledger;

    @Inject
    TransferService transfers;

    @Test
    void the_document_names_exactly_the_topics_the_acl_matrix_lets_wallet_service_write_and_read() {
        assertThat(DOC.written()).as("send operations and replies of receive operations = Write rows")
                .isEqualTo(Capture.granted(TestStack.SERVICE, AclOperation.WRITE));
        assertThat(DOC.read()).as("receive operations = Read rows")
                .isEqualTo(Capture.granted(TestStack.SERVICE, AclOperation.READ));
    }

    /** A person announced on the broker as binding-service does; waits for the personal account it opens. */
    String announced(String admdvs) {
        String psn = Family.newPsn();
        Events.send("person.changed", psn, Events.personChanged(UUID.randomUUID(), psn, "310", admdvs, 1, null));
        Events.await("the account of " + psn, () -> family.query(
                "SELECT count(*) FROM account WHERE psn_no = ? AND kind = 'PERSONAL'", rs -> rs.getLong(1), psn)
                .get(0) == 1);
        return psn;
    }

    static String planCommand(String type, String id, String psn, long fen, String last) {
        return """
                {"command_id":"%s","type":"%s","requester":"settlement-service","beneficiary_psn_no":"%s",
                 "amount_fen":%d,"use_account":true,"use_family":true,"wallet_admdvs_ok":true,
                 "institution":{"fixmedins_code":"%s","fixmedins_type":"HOSPITAL","admdvs":"320102","wallet_enabled":true},
                 "reference":"SETL-%s",%s}""".formatted(id, type, psn, fen, HOSPITAL, id, last);
    }

    static String onHold(String type, String id, String holdId, String requester) {
        return """
                {"command_id":"%s","type":"%s","requester":"%s","hold_id":"%s"}""".formatted(id, type, requester, holdId);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    JsonPath asSettlement(String key, String command) {
        return ledger.requestAs("settlement-service", key, command);
    }

    JsonPath asWithdrawal(String key, String command) {
        return ledger.requestAs("withdrawal-service", key, command);
    }

    @Test
    void every_record_a_real_flow_writes_matches_asyncapi_yaml_and_what_its_readers_read() {
        try (Capture capture = Capture.of(DOC.written())) {
            String patient = announced("320102");
            String mother = announced("320102");
            family.credit(patient, 5_000);
            family.credit(mother, 50_000);
            family.kin(patient, mother, "PARENT");
            family.kin(mother, patient, "CHILD");
            family.plan(patient, 1, all(mother, "CHILD", 1_000, 1));

            // settlement-service's commands: a pre-settlement posted then reversed, one voided, a one-shot SETTLE,
            // and a refusal
            JsonPath held = asSettlement(patient, planCommand("HOLD_FOR_PLAN", id(), patient, 8_000,
                    "\"expires_in_seconds\":600"));
            assertThat(held.getBoolean("ok")).isTrue();
            String holdId = held.getString("hold_id");
            assertThat(asSettlement(patient, onHold("POST_HOLD", id(), holdId, "settlement-service"))
                    .getString("status")).isEqualTo("POSTED");
            assertThat(asSettlement(patient, onHold("REFUND_HOLD", id(), holdId, "settlement-service"))
                    .getString("status")).isEqualTo("REFUNDED");
            String other = asSettlement(patient, planCommand("HOLD_FOR_PLAN", id(), patient, 1_000,
                    "\"expires_in_seconds\":600")).getString("hold_id");
            assertThat(asSettlement(patient, onHold("VOID_HOLD", id(), other, "settlement-service"))
                    .getString("status")).isEqualTo("VOIDED");
            String notAfter = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5).toString();
            assertThat(asSettlement(patient, planCommand("SETTLE", id(), patient, 2_000,
                    "\"not_after\":\"" + notAfter + "\"")).getString("status")).isEqualTo("POSTED");
            assertThat(asSettlement(patient, onHold("POST_HOLD", id(), id(), "settlement-service")).getString("code"))
                    .isEqualTo("NOT_FOUND");

            // a cross-province transfer into a relative's wallet
            String daughter = family.person("李梅", "390", "440305");
            family.openRegion("320102");
            family.wallet(daughter, "440305");
            family.kin(mother, daughter, "CHILD");
            family.kin(daughter, mother, "PARENT");
            transfers.transfer(id(), mother, "PERSONAL", daughter, "李梅", 1_000);

            // withdrawal-service's commands: a hold voided, a refusal, a full withdrawal that closes the account
            String partial = asWithdrawal(mother, """
                    {"command_id":"%s","type":"HOLD_WITHDRAWAL","requester":"withdrawal-service","psn_no":"%s",
                     "amount_fen":100,"reference":"withdrawal:w1"}""".formatted(id(), mother)).getString("hold_id");
            assertThat(asWithdrawal(mother, onHold("VOID_HOLD", id(), partial, "withdrawal-service"))
                    .getString("status")).isEqualTo("VOIDED");
            assertThat(asWithdrawal("NOBODY", """
                    {"command_id":"%s","type":"HOLD_WITHDRAWAL","requester":"withdrawal-service","psn_no":"NOBODY",
                     "amount_fen":null,"reference":"withdrawal:w2"}""".formatted(id())).getString("code"))
                    .isEqualTo("NOT_FOUND");
            String whole = asWithdrawal(mother, """
                    {"command_id":"%s","type":"HOLD_WITHDRAWAL","requester":"withdrawal-service","psn_no":"%s",
                     "amount_fen":null,"reference":"withdrawal:w3"}""".formatted(id(), mother)).getString("hold_id");
            assertThat(asWithdrawal(mother, """
                    {"command_id":"%s","type":"PAYOUT","requester":"withdrawal-service","hold_id":"%s",
                     "close_account":true}""".formatted(id(), whole)).getBoolean("account_closed")).isTrue();

            // events the consumers cannot read go to their dead-letter topics
            for (String topic : List.of("person.changed", "binding.changed", "kinship.changed", "proxy.changed")) {
                Events.send(topic, patient, "not json at all");
            }

            // the ledger's own DLQ takes only commands its responder fails on outside their handling (an invalid
            // command is answered VALIDATION), which no flow can cause on purpose
            Set<String> expected = new TreeSet<>(DOC.publishedMessages());
            expected.remove("wallet.ledger.commands.dlq dead-letter");
            Set<String> seen = new TreeSet<>();
            int[] checked = {0};
            List<ConsumerRecord<String, String>> records = capture.until(all -> {
                all.subList(checked[0], all.size()).forEach(r -> seen.add(DOC.publishedAs(r).id()));
                checked[0] = all.size();
                return seen.containsAll(expected);
            });
            assertThat(seen).as("every message of asyncapi.yaml was written by the flow").containsAll(expected);
            for (ConsumerRecord<String, String> r : records) {
                assertThat(DOC.readersRefusing(r)).as("readers of %s", r.topic()).isEmpty();
            }
        }
    }

    @Test
    void the_schemas_refuse_an_event_that_misses_a_required_field_or_has_a_wrong_type() {
        String psn = announced("320102");
        family.credit(psn, 12_345);
        String published = family.query("SELECT payload FROM outbox_event WHERE topic = 'account.changed' AND msg_key = ? "
                + "ORDER BY seq DESC LIMIT 1", rs -> rs.getString(1), psn).get(0);
        AsyncApi.Message message = DOC.publishedOn("account.changed").get(0);
        assertThat(DOC.problems(message, record("account.changed", psn, published))).as("as published").isEmpty();
        assertThat(published).contains("\"balc_fen\":12345");
        assertThat(DOC.problems(message, record("account.changed", psn,
                published.replace("\"balc_fen\":12345", "\"balc\":123.45")))).as("the yuan of v1")
                .anyMatch(p -> p.contains("balc_fen")).anyMatch(p -> p.contains("balc"));
        assertThat(DOC.problems(message, record("account.changed", psn,
                published.replace("\"balc_fen\":12345", "\"balc_fen\":123.45")))).as("a fraction of a fen")
                .anyMatch(p -> p.contains("balc_fen"));
        assertThat(DOC.problems(message, record("account.changed", psn,
                published.replace("\"kind\":\"PERSONAL\"", "\"kind\":\"SAVINGS\"")))).as("an unknown kind")
                .anyMatch(p -> p.contains("kind"));
    }

    static ConsumerRecord<String, String> record(String topic, String key, String value) {
        return new ConsumerRecord<>(topic, 0, 0L, key, value);
    }
}
