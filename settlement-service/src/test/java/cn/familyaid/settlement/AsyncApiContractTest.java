package cn.familyaid.settlement;

import cn.familyaid.settlement.outbox.OutboxEvent;
import cn.familyaid.settlement.support.Api;
import cn.familyaid.settlement.support.AsyncApi;
import cn.familyaid.settlement.support.Capture;
import cn.familyaid.settlement.support.Events;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Fixtures.Person;
import cn.familyaid.settlement.support.Ledger;
import cn.familyaid.settlement.support.TestStack;
import cn.familyaid.settlement.support.WalletJar;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static cn.familyaid.settlement.support.Fixtures.bill;
import static cn.familyaid.settlement.support.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * What settlement-service writes to the broker is what its asyncapi.yaml says (README, Events): every record of a
 * real flow against the REAL ledger (wallet-service's jar) — settlement events through the outbox, the ledger
 * commands of pre-settlements, settlements and a reversal, dead letters — read back as the broker's admin, matches a
 * message of its topic in the document (payload schema, key, headers) and what the ledger's document says it reads;
 * the document names exactly the topics the ACL matrix lets settlement-service write and read.
 */
@QuarkusTest
class AsyncApiContractTest {
    static final AsyncApi DOC = AsyncApi.of(TestStack.SERVICE);
    static final String NANJING = "320102";

    @BeforeAll
    static void theRealLedger() {
        Api.exactAmounts();
        Assertions.assertTrue(WalletJar.answersLedgerCommands(),
                "wallet-service's jar (with the ledger command handler) is needed: "
                        + "./mvnw -B -q package -DskipTests -pl wallet-service");
    }

    @Test
    void the_document_names_exactly_the_topics_the_acl_matrix_lets_settlement_service_write_and_read() {
        assertThat(DOC.written()).as("send operations = Write rows")
                .isEqualTo(Capture.granted(TestStack.SERVICE, AclOperation.WRITE));
        assertThat(DOC.read()).as("receive operations and the reply of the ledger commands = Read rows")
                .isEqualTo(Capture.granted(TestStack.SERVICE, AclOperation.READ));
    }

    static Person employee(String balance) {
        Person p = Fixtures.person("310", NANJING);
        Ledger.awaitAccount(p.psnNo());
        Ledger.credit(p.psnNo(), NANJING, balance);
        return p;
    }

    @Test
    void every_record_a_real_flow_writes_matches_asyncapi_yaml_and_what_the_ledger_reads() {
        try (Capture capture = Capture.of(DOC.written())) {
            Person patient = employee("100.00");
            Person son = employee("500.00");
            Ledger.plan(patient.psnNo(), 1, List.of(new Events.Funder("B-" + UUID.randomUUID(), son.psnNo(),
                    "CHILD", "CAP", 5_000L, 0, 1)));
            String code = Fixtures.institution("HOSPITAL", NANJING, false);

            // pre-settled twice (HOLD_FOR_PLAN, the first one VOID_HOLD), then settled (POST_HOLD)
            Map<String, Object> b = bill(code, patient, NANJING, "120.00", "10.00", "1");
            Fixtures.pre(code, b).then().statusCode(201);
            Fixtures.pre(code, b).then().statusCode(201);
            String posted = Fixtures.settle(code, with(b, "medins_setl_id", Fixtures.id("M"))).then().statusCode(201)
                    .body("acct_mulaid_pay", equalTo(new BigDecimal("10.00"))).extract().path("setl_id");
            // a one-shot settlement (SETTLE), then the first one reversed (REFUND_HOLD)
            Fixtures.settle(code, with(bill(code, patient, NANJING, "8.00", "0", "1"), "medins_setl_id",
                    Fixtures.id("M"))).then().statusCode(201);
            Fixtures.reverse(code, posted).then().statusCode(200).body("status", equalTo("REVERSED"));
            // events the consumers cannot read go to their dead-letter topics
            Events.send("person.changed", patient.psnNo(), "not json at all");
            Events.send("region.policy.changed", NANJING, "not json at all");

            Set<String> expected = DOC.publishedMessages();
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
        Person patient = employee("30.00");
        String code = Fixtures.institution("PHARMACY", NANJING, false);
        String setlId = Fixtures.settle(code, with(with(bill(code, patient, NANJING, "12.34", "0", "1"), "med_type",
                "41"), "medins_setl_id", Fixtures.id("M"))).then().statusCode(201).extract().path("setl_id");
        String published = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>find(
                "type = ?1 and payload like ?2", "settlement.completed", "%" + setlId + "%").firstResult().payload);
        AsyncApi.Message message = DOC.publishedOn("settlement.completed").get(0);
        String key = patient.psnNo();
        assertThat(DOC.problems(message, record(key, published))).as("as published").isEmpty();
        assertThat(published).contains("\"acct_pay_fen\":1234");
        assertThat(DOC.problems(message, record(key, published.replace("\"acct_pay_fen\":1234",
                "\"acct_pay_fen\":12.34")))).as("yuan in a fen field").anyMatch(p -> p.contains("acct_pay_fen"));
        assertThat(DOC.problems(message, record(key, published.replace("\"acct_pay_fen\":1234",
                "\"acct_pay\":12.34")))).as("yuan instead of fen").anyMatch(p -> p.contains("acct_pay_fen"));
        assertThat(DOC.problems(message, record(key, published.replaceFirst("\"setl_time\":\"[^\"]*\"",
                "\"setl_time\":1764547200")))).as("a time as a number").anyMatch(p -> p.contains("setl_time"));
    }

    static ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>("settlement.completed", 0, 0L, key, value);
    }
}
