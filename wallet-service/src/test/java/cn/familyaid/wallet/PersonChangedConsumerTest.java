package cn.familyaid.wallet;

import cn.familyaid.wallet.domain.Account;
import cn.familyaid.wallet.messaging.PersonChangedEvent;
import cn.familyaid.wallet.outbox.OutboxEvent;
import cn.familyaid.wallet.service.AccountService;
import cn.familyaid.wallet.support.Api;
import cn.familyaid.wallet.support.Events;
import cn.familyaid.wallet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** person.changed from the real broker opens accounts; redeliveries are applied once. */
@QuarkusTest
class PersonChangedConsumerTest {

    @Inject
    AccountService accounts;

    @BeforeAll
    static void amountsAsExactDecimals() {
        Api.exactAmounts();
    }

    static String newPsn() {
        return "W" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static long accountChangedEvents(String psn) {
        return QuarkusTransaction.requiringNew().call(
                () -> OutboxEvent.count("key = ?1 and type = ?2", psn, "account.changed"));
    }

    static boolean hasPersonal(String psn) {
        return QuarkusTransaction.requiringNew().call(() -> Account.of(psn, Account.Kind.PERSONAL).isPresent());
    }

    @Test
    void an_employee_insured_person_gets_a_personal_account_with_balance_zero() {
        String psn = newPsn();
        Events.send("person.changed", psn, Events.personChanged(UUID.randomUUID(), psn, "310", "320102", 1, null));
        Events.await("the account of " + psn, () -> hasPersonal(psn));
        given().auth().oauth2(Tokens.person(psn)).get("/api/v1/accounts/{p}", psn)
                .then().statusCode(200)
                .body("psn_no", equalTo(psn))
                .body("personal.status", equalTo("ACTIVE"))
                .body("personal.balc", equalTo(new BigDecimal("0.00")))
                .body("personal.held", equalTo(new BigDecimal("0.00")))
                .body("personal.shareable", equalTo(new BigDecimal("0.00")));
    }

    @Test
    void a_resident_insured_person_has_no_personal_account() {
        String psn = newPsn();
        Events.send("person.changed", psn, Events.personChanged(UUID.randomUUID(), psn, "390", "320102", 1, null));
        Events.await("the person " + psn, () -> QuarkusTransaction.requiringNew()
                .call(() -> accounts.person(psn).isPresent()));
        assertThat(hasPersonal(psn)).isFalse();
        given().auth().oauth2(Tokens.person(psn)).get("/api/v1/accounts/{p}", psn)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void a_redelivered_event_is_applied_once() {
        String psn = newPsn();
        UUID id = UUID.randomUUID();
        String event = Events.personChanged(id, psn, "310", "320102", 1, null);
        Events.send("person.changed", psn, event);
        Events.send("person.changed", psn, event);
        // a later event on the same key is consumed after both copies (one partition per key)
        Events.send("person.changed", psn, Events.personChanged(UUID.randomUUID(), psn, "310", "320102", 2,
                "2026-11-01"));
        Events.await("the freeze of " + psn, () -> QuarkusTransaction.requiringNew().call(
                () -> Account.of(psn, Account.Kind.PERSONAL).map(a -> a.status.equals(Account.FROZEN)).orElse(false)));
        assertThat(accountChangedEvents(psn)).as("opened once, frozen once").isEqualTo(2);
        assertThat(QuarkusTransaction.requiringNew().call(() -> Account.count("psnNo", psn))).isEqualTo(1);

        // the same event id handed to the consumer again has no effect
        PersonChangedEvent.Data data = new PersonChangedEvent.Data(psn, "王五", "310", "1", "320102", null, 3);
        UUID again = UUID.randomUUID();
        assertThat(QuarkusTransaction.requiringNew().call(() -> accounts.onPersonChanged(again, data))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> accounts.onPersonChanged(again, data))).isFalse();
    }

    @Test
    void an_older_person_version_arriving_late_changes_nothing() {
        String psn = newPsn();
        QuarkusTransaction.requiringNew().run(() -> accounts.onPersonChanged(UUID.randomUUID(),
                new PersonChangedEvent.Data(psn, "王五", "310", "1", "320102", LocalDate.of(2026, 1, 1), 5)));
        QuarkusTransaction.requiringNew().run(() -> accounts.onPersonChanged(UUID.randomUUID(),
                new PersonChangedEvent.Data(psn, "王五", "310", "1", "320102", null, 4)));
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(accounts.person(psn).orElseThrow().version).isEqualTo(5);
            assertThat(accounts.person(psn).orElseThrow().deathDate).isNotNull();
        });
    }

    @Test
    void accounts_are_shown_to_the_person_and_their_regions_agency_only() {
        String psn = newPsn();
        QuarkusTransaction.requiringNew().run(() -> accounts.onPersonChanged(UUID.randomUUID(),
                new PersonChangedEvent.Data(psn, "王五", "310", "1", "320102", null, 1)));
        given().get("/api/v1/accounts/{p}", psn).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.person("SOMEONE")).get("/api/v1/accounts/{p}", psn)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_PERSON"));
        given().auth().oauth2(Tokens.institution("H32010200001")).get("/api/v1/accounts/{p}", psn)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_ROLE"));
        given().auth().oauth2(Tokens.agency("440300")).get("/api/v1/accounts/{p}", psn)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.agency("320000")).get("/api/v1/accounts/{p}", psn)
                .then().statusCode(200).body("personal.balc", equalTo(new BigDecimal("0.00")));
    }
}
