package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.InsuredPerson;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.outbox.OutboxEvent;
import cn.familyaid.withdrawal.support.Api;
import cn.familyaid.withdrawal.support.AsyncApi;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.Capture;
import cn.familyaid.withdrawal.support.Events;
import cn.familyaid.withdrawal.support.People.Person;
import cn.familyaid.withdrawal.support.RealLedgerProfile;
import cn.familyaid.withdrawal.support.SiblingJar;
import cn.familyaid.withdrawal.support.TestStack;
import cn.familyaid.withdrawal.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What withdrawal-service writes to the broker is what its asyncapi.yaml says (README, Events): every record of a
 * real flow against the REAL ledger (wallet-service's jar) — withdrawal.changed through the outbox, the ledger
 * commands of an heir's full withdrawal, dead letters — read back as the broker's admin, matches a message of its
 * topic in the document (payload schema, key, headers) and what the ledger's document says it reads; the document
 * names exactly the topics the ACL matrix lets withdrawal-service write and read. VOID_HOLD, which the real ledger
 * gives no way to provoke, is covered by {@link AsyncApiVoidHoldContractTest}.
 */
@QuarkusTest
@TestProfile(RealLedgerProfile.class)
class AsyncApiContractTest {
    static final AsyncApi DOC = AsyncApi.of(TestStack.SERVICE);
    private static final AtomicInteger SEQ = new AtomicInteger();
    static SiblingJar wallet;

    @BeforeAll
    static void startTheLedger() {
        Api.exactAmounts();
        wallet = SiblingJar.start("wallet-service");
    }

    @Test
    void the_document_names_exactly_the_topics_the_acl_matrix_lets_withdrawal_service_write_and_read() {
        assertThat(DOC.written()).as("send operations = Write rows (test-only rows left out)")
                .isEqualTo(Capture.granted(TestStack.SERVICE, AclOperation.WRITE));
        assertThat(DOC.read()).as("receive operations and the reply of the ledger commands = Read rows")
                .isEqualTo(Capture.granted(TestStack.SERVICE, AclOperation.READ));
    }

    /** A person announced on the broker as binding-service would; both services build their copies from it. */
    static Person announce(String admdvs) {
        int n = SEQ.incrementAndGet();
        String psn = "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        Person p = new Person(psn, "契约" + n, admdvs + "19700101" + String.format("%04d", 7000 + n), admdvs);
        publish(p, null, 1);
        return p;
    }

    static void publish(Person p, String deathDate, long version) {
        Events.send("person.changed", p.psnNo(), Events.personChanged(UUID.randomUUID(), p.psnNo(), p.name(),
                p.certno(), "310", deathDate == null ? "1" : "4", p.admdvs(), deathDate, version));
    }

    static ValidatableResponse walletAccount(Person p) {
        return given().baseUri(wallet.baseUrl).auth().oauth2(Tokens.agency("320000"))
                .get("/api/v1/accounts/{p}", p.psnNo()).then();
    }

    static void credit(Person p, String yuan) {
        given().baseUri(wallet.baseUrl).auth().oauth2(Tokens.platform("320000")).contentType("application/json")
                .body(Map.of("request_id", "cr-" + UUID.randomUUID(), "amount", new BigDecimal(yuan), "period", "2026-11"))
                .post("/api/v1/accounts/{p}/credits", p.psnNo()).then().statusCode(201);
    }

    static ValidatableResponse decide(String id, String decision, String note) {
        return given().auth().oauth2(Tokens.agency("320102")).contentType("application/json")
                .body(Bodies.decision(decision, note)).post("/api/v1/withdrawals/{id}/decision", id).then();
    }

    static Withdrawal row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Withdrawal.findById(UUID.fromString(id)));
    }

    static boolean deceased(Person p) {
        return QuarkusTransaction.requiringNew().call(() -> {
            InsuredPerson ip = InsuredPerson.findById(p.psnNo());
            return ip != null && ip.deceased();
        });
    }

    @Test
    void every_record_a_real_flow_writes_matches_asyncapi_yaml_and_what_the_ledger_reads() {
        try (Capture capture = Capture.of(DOC.written())) {
            Person father = announce("320102");
            Person son = announce("320102");
            Events.send("kinship.changed", father.psnNo(),
                    Events.kinshipChanged(UUID.randomUUID(), father.psnNo(), son.psnNo(), "CHILD", true));
            Events.send("kinship.changed", son.psnNo(),
                    Events.kinshipChanged(UUID.randomUUID(), son.psnNo(), father.psnNo(), "PARENT", true));
            Events.await("wallet account of the father", () -> walletAccount(father).extract().statusCode() == 200);
            credit(father, "321.09");

            // the father's own application, rejected
            String own = given().auth().oauth2(Tokens.person(father.psnNo())).contentType("application/json")
                    .body(Bodies.own(father, "LONG_TERM_ELSEWHERE")).post("/api/v1/withdrawals").then()
                    .statusCode(201).extract().path("withdrawal_id");
            decide(own, "REJECT", "residence proof expired").statusCode(200);

            // his death, then the heir's full withdrawal: HOLD_WITHDRAWAL, PAYOUT with close_account
            publish(father, "2026-11-01", 2);
            Events.await("the death", () -> deceased(father));
            Events.await("the freeze", () -> "FROZEN".equals(walletAccount(father).extract().path("personal.status")));
            String heirs = given().auth().oauth2(Tokens.person(son.psnNo())).contentType("application/json")
                    .body(Bodies.withdrawal(father.psnNo(), "DEATH", son, "CHILD", Bodies.fullEvidence("DEATH"),
                            son.name(), null))
                    .post("/api/v1/withdrawals").then().statusCode(201).extract().path("withdrawal_id");
            decide(heirs, "APPROVE", null).statusCode(200);
            Events.await("the payout", () -> row(heirs).status == Withdrawal.Status.PAID);

            // events the consumers cannot read go to their dead-letter topics
            for (String topic : List.of("person.changed", "kinship.changed", "region.policy.changed", "account.closed")) {
                Events.send(topic, son.psnNo(), "not json at all");
            }

            Set<String> expected = new TreeSet<>(DOC.publishedMessages());
            expected.remove("ledger.commands.withdrawal VOID_HOLD"); // AsyncApiVoidHoldContractTest
            Set<String> seen = new TreeSet<>();
            Set<String> statuses = new TreeSet<>();
            int[] checked = {0};
            List<ConsumerRecord<String, String>> records = capture.until(all -> {
                for (ConsumerRecord<String, String> r : all.subList(checked[0], all.size())) {
                    seen.add(DOC.publishedAs(r).id());
                    if (r.topic().equals("withdrawal.changed")) {
                        statuses.add(r.value().replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1"));
                    }
                }
                checked[0] = all.size();
                return seen.containsAll(expected) && statuses.size() == 4;
            });
            assertThat(seen).as("every message of asyncapi.yaml was written by the flow").containsAll(expected);
            assertThat(statuses).containsExactlyInAnyOrder("SUBMITTED", "REJECTED", "APPROVED", "PAID");
            for (ConsumerRecord<String, String> r : records) {
                assertThat(DOC.readersRefusing(r)).as("readers of %s", r.topic()).isEmpty();
            }
        }
    }

    @Test
    void the_schemas_refuse_an_event_that_misses_a_required_field_or_has_a_wrong_type() {
        Person p = announce("320102");
        Events.await("the copy of " + p.psnNo(), () -> QuarkusTransaction.requiringNew()
                .call(() -> InsuredPerson.findById(p.psnNo()) != null));
        given().auth().oauth2(Tokens.person(p.psnNo())).contentType("application/json")
                .body(Bodies.own(p, "SERIOUS_ILLNESS")).post("/api/v1/withdrawals").then().statusCode(201);
        String published = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>find(
                "key = ?1 and type = ?2 order by seq", p.psnNo(), "withdrawal.changed").firstResult().payload);
        AsyncApi.Message message = DOC.publishedOn("withdrawal.changed").get(0);
        assertThat(DOC.problems(message, record(p.psnNo(), published))).as("as published").isEmpty();
        assertThat(published).contains("\"amount_fen\":80000");
        assertThat(DOC.problems(message, record(p.psnNo(), published.replace("\"amount_fen\":80000",
                "\"amount_fen\":\"800.00\"")))).as("yuan as a string").anyMatch(p2 -> p2.contains("amount_fen"));
        assertThat(DOC.problems(message, record(p.psnNo(), published.replace("\"account_closed\":false,", "")
                .replace(",\"account_closed\":false", "")))).as("account_closed missing")
                .anyMatch(p2 -> p2.contains("account_closed"));
        assertThat(DOC.problems(message, record(p.psnNo(), published.replace("\"status\":\"SUBMITTED\"",
                "\"status\":\"PAID\"").replace("\"amount_fen\":80000", "\"amount_fen\":null"))))
                .as("PAID without an amount").anyMatch(p2 -> p2.contains("amount_fen"));
    }

    static ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>("withdrawal.changed", 0, 0L, key, value);
    }
}
