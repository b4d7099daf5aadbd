package cn.familyaid.settlement;

import cn.familyaid.settlement.support.Api;
import cn.familyaid.settlement.support.Events;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Fixtures.Person;
import cn.familyaid.settlement.support.Ledger;
import cn.familyaid.settlement.support.Spans;
import cn.familyaid.settlement.support.Spans.Span;
import cn.familyaid.settlement.support.TestStack;
import cn.familyaid.settlement.support.Tokens;
import cn.familyaid.settlement.support.WalletJar;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static cn.familyaid.settlement.support.Fixtures.bill;
import static cn.familyaid.settlement.support.Fixtures.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One settlement is one trace across settlement-service and wallet-service (README "Tracing and logs"): the REST span
 * of POST /api/v1/settlements, the ledger command's producer span, the wallet jar's consumer span of that command
 * and its reply's producer span, this service's consumer span of the reply, and the outbox's settlement.completed
 * (sent later by the relay, from the traceparent kept with the row, and carried on as the record's traceparent
 * header) all have the trace id of the request. The caller starts the trace (its traceparent header), so the trace
 * id is known; the wallet jar exports over OTLP/HTTP to this JVM (support/Spans), this service to memory. And the
 * spans' URLs carry no identifiers (telemetry/PersonalDataSpans in both services).
 */
@QuarkusTest
class TraceTest {
    static final String NANJING = "320102";
    static final String SETTLEMENT = "settlement-service";
    static final String WALLET = "wallet-service";

    @BeforeAll
    static void theRealLedger() {
        Api.exactAmounts();
        Assertions.assertTrue(WalletJar.answersLedgerCommands(),
                "wallet-service's jar is needed: ./mvnw -B -q package -DskipTests -pl wallet-service");
    }

    @Test
    void one_settlement_is_one_trace_across_settlement_and_wallet() {
        Person patient = Fixtures.person("310", NANJING);
        Ledger.awaitAccount(patient.psnNo());
        Ledger.credit(patient.psnNo(), NANJING, "30.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(random(16));
        String callerSpan = hex.formatHex(random(8));

        try (KafkaConsumer<String, String> completed = consumer("settlement.completed")) {
            given().auth().oauth2(Tokens.institution(code)).contentType("application/json")
                    .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                    .body(with(bill(code, patient, NANJING, "20.00", "0", "1"), "medins_setl_id", Fixtures.id("M")))
                    .post("/api/v1/settlements").then().statusCode(201);

            Span rest = await(traceId, s -> SETTLEMENT.equals(s.service()) && "SERVER".equals(s.kind())
                    && s.name().equals("POST /api/v1/settlements"), "the REST span of POST /api/v1/settlements");
            assertThat(rest.parentSpanId()).as("the caller's span is the REST span's parent").isEqualTo(callerSpan);
            Span command = await(traceId, s -> SETTLEMENT.equals(s.service()) && "PRODUCER".equals(s.kind())
                    && "ledger.commands.settlement".equals(s.destination()), "the ledger command's producer span");
            Span consumed = await(traceId, s -> WALLET.equals(s.service()) && "CONSUMER".equals(s.kind())
                    && "ledger.commands.settlement".equals(s.destination()), "wallet-service's consumer span");
            assertThat(consumed.parentSpanId()).as("the ledger consumes the command this service produced")
                    .isEqualTo(command.spanId());
            Span reply = await(traceId, s -> WALLET.equals(s.service()) && "PRODUCER".equals(s.kind())
                    && "ledger.replies.settlement".equals(s.destination()), "the reply's producer span");
            assertThat(reply.parentSpanId()).as("the reply is sent while the command is processed")
                    .isEqualTo(consumed.spanId());
            await(traceId, s -> SETTLEMENT.equals(s.service()) && "CONSUMER".equals(s.kind())
                    && "ledger.replies.settlement".equals(s.destination()), "this service's consumer span of the reply");
            Span event = await(traceId, s -> SETTLEMENT.equals(s.service()) && "PRODUCER".equals(s.kind())
                    && "settlement.completed".equals(s.destination()), "the outbox relay's producer span");

            // the event's record carries the trace on: a consumer's span is a child of the relay's producer span
            ConsumerRecord<String, String> record = first(completed, r -> r.key().equals(patient.psnNo()));
            Header traceparent = record.headers().lastHeader("traceparent");
            assertThat(traceparent).as("settlement.completed has a traceparent header").isNotNull();
            assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
                    .startsWith("00-" + traceId + "-" + event.spanId() + "-");
        }
    }

    @Test
    void the_urls_of_spans_carry_no_identifiers() {
        Person patient = Fixtures.person("310", NANJING);
        Ledger.awaitAccount(patient.psnNo());
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(random(16));
        String traceparent = "00-" + traceId + "-" + hex.formatHex(random(8)) + "-01";
        given().baseUri(Ledger.url()).header("traceparent", traceparent).auth().oauth2(Tokens.person(patient.psnNo()))
                .queryParam("psn_no", patient.psnNo()).get("/api/v1/accounts/{p}", patient.psnNo()).then().statusCode(200);
        given().header("traceparent", traceparent).auth().oauth2(Tokens.person(patient.psnNo()))
                .queryParam("psn_no", patient.psnNo()).get("/api/v1/settlements/{s}", "S" + patient.psnNo());

        Span wallet = await(traceId, s -> WALLET.equals(s.service()) && "SERVER".equals(s.kind()), "the wallet's span");
        assertThat(wallet.name()).isEqualTo("GET /api/v1/accounts/{psn_no}");
        assertThat(wallet.url()).isEqualTo("/api/v1/accounts/*?psn_no=*").doesNotContain(patient.psnNo());
        Span settlement = await(traceId, s -> SETTLEMENT.equals(s.service()) && "SERVER".equals(s.kind()),
                "this service's span");
        assertThat(settlement.url()).isEqualTo("/api/v1/settlements/*?psn_no=*");
    }

    private static Span await(String traceId, Predicate<Span> which, String what) {
        Span[] found = new Span[1];
        try {
            Events.await(what + " in trace " + traceId, () -> {
                List<Span> spans = Spans.all().stream().filter(s -> s.traceId().equals(traceId)).filter(which).toList();
                found[0] = spans.isEmpty() ? null : spans.get(0);
                return found[0] != null;
            });
        } catch (AssertionError e) {
            List<Span> all = Spans.all();
            throw new AssertionError(e.getMessage() + "; the trace has " + all.stream()
                    .filter(s -> s.traceId().equals(traceId)).toList() + "; spans by service: " + all.stream()
                    .collect(Collectors.groupingBy(Span::service, Collectors.counting())), e);
        }
        return found[0];
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros (an invalid id)
        return b;
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(TestStack.asAdmin(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "trace-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())));
        c.subscribe(List.of(topic));
        long deadline = System.currentTimeMillis() + 20_000;
        while (c.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            c.poll(Duration.ofMillis(200));
        }
        return c;
    }

    private static ConsumerRecord<String, String> first(KafkaConsumer<String, String> c,
                                                        Predicate<ConsumerRecord<String, String>> which) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                if (r.key() != null && which.test(r)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no matching record on " + c.subscription());
    }
}
