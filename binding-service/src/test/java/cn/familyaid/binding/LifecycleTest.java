package cn.familyaid.binding;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.domain.Person;
import cn.familyaid.binding.messaging.AccountClosedConsumer;
import cn.familyaid.binding.messaging.AccountClosedEvent;
import cn.familyaid.binding.support.Events;
import cn.familyaid.binding.support.Family;
import cn.familyaid.binding.support.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static cn.familyaid.binding.support.Family.bind;
import static cn.familyaid.binding.support.Family.bindBody;
import static cn.familyaid.binding.support.Family.bound;
import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static cn.familyaid.binding.support.Family.plan;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Bindings end with the family: unbinding, death, termination, account closure (R-BIND-8, R-BIND-10). */
@QuarkusTest
class LifecycleTest {

    @Inject
    AccountClosedConsumer accountClosed;

    @Inject
    ObjectMapper json;

    static Binding binding(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Binding.findById(UUID.fromString(id)));
    }

    /** A funder with two beneficiaries and a funder of her own. */
    record Household(String funder, String son, String daughter, String husband, String toSon, String toDaughter,
                     String toFunder) {
    }

    static Household household() {
        String funder = person("320102", "310");
        String son = person("320102", "390");
        String daughter = person("320102", "310");
        String husband = person("320102", "310");
        kin(funder, son, "CHILD");
        kin(funder, daughter, "CHILD");
        kin(funder, husband, "SPOUSE");
        return new Household(funder, son, daughter, husband, bound(funder, son, "CHILD"),
                bound(funder, daughter, "CHILD"), bound(husband, funder, "SPOUSE"));
    }

    static void assertEnded(String reason, String... ids) {
        for (String id : ids) {
            Binding b = binding(id);
            assertThat(b.status).as("binding %s", id).isEqualTo(Binding.Status.ENDED);
            assertThat(b.endReason).isEqualTo(reason);
            assertThat(b.deductionOrder).isNull();
        }
    }

    @Test
    void the_funder_unbinds_at_any_time_and_the_plan_no_longer_has_her_R_BIND_8() {
        Household h = household();
        given().auth().oauth2(Tokens.person(h.funder())).delete("/api/v1/bindings/{id}", h.toSon())
                .then().statusCode(204);
        assertEnded("UNBOUND", h.toSon());
        assertThat(plan(h.son()).get("funders")).isEmpty();
        assertThat(plan(h.son()).get("version").asLong()).isEqualTo(2);
        // unbinding again is harmless; binding again later is a new binding
        given().auth().oauth2(Tokens.person(h.funder())).delete("/api/v1/bindings/{id}", h.toSon())
                .then().statusCode(204);
        assertThat(plan(h.son()).get("version").asLong()).isEqualTo(2);
        bound(h.funder(), h.son(), "CHILD");
        assertThat(plan(h.son()).get("funders")).hasSize(1);
    }

    @Test
    void death_of_a_funder_ends_every_binding_she_funds_and_benefits_from_at_once_R_BIND_10() {
        Household h = household();
        Family.update(h.funder(), "320102", "310", "1", "2026-11-20").statusCode(200);
        assertEnded("DEATH", h.toSon(), h.toDaughter(), h.toFunder());
        assertThat(plan(h.son()).get("funders")).isEmpty();
        assertThat(plan(h.daughter()).get("funders")).isEmpty();
        assertThat(plan(h.funder()).get("funders")).isEmpty();
    }

    @Test
    void death_of_a_beneficiary_ends_the_bindings_for_him_R_BIND_8() {
        Household h = household();
        Family.update(h.son(), "320102", "390", "1", "2026-11-20").statusCode(200);
        assertEnded("DEATH", h.toSon());
        assertThat(binding(h.toDaughter()).status).isEqualTo(Binding.Status.ACTIVE);
        assertThat(plan(h.son()).get("funders")).isEmpty();
    }

    @Test
    void termination_of_insurance_ends_every_binding_of_the_person_R_BIND_10() {
        Household h = household();
        Family.update(h.funder(), "320102", "310", "4", null).statusCode(200);
        assertEnded("TERMINATED", h.toSon(), h.toDaughter(), h.toFunder());
    }

    @Test
    void a_paused_funder_keeps_existing_bindings_but_cannot_create_new_ones_R_BIND_1() {
        Household h = household();
        String grandson = person("320102", "390");
        kin(h.funder(), grandson, "GRANDCHILD");
        long before = plan(h.son()).get("version").asLong();
        Family.update(h.funder(), "320102", "310", "2", null).statusCode(200);
        assertThat(binding(h.toSon()).status).isEqualTo(Binding.Status.ACTIVE);
        assertThat(binding(h.toDaughter()).status).isEqualTo(Binding.Status.ACTIVE);
        assertThat(plan(h.son()).get("version").asLong()).isEqualTo(before);
        bind(bindBody(h.funder(), grandson, "GRANDCHILD")).statusCode(403).body("code", equalTo("R-BIND-1"));
    }

    @Test
    void a_funder_who_leaves_employee_insurance_stops_funding_R_BIND_1() {
        Household h = household();
        Family.update(h.funder(), "320102", "390", "1", null).statusCode(200);
        assertEnded("NO_PERSONAL_ACCOUNT", h.toSon(), h.toDaughter());
        assertThat(binding(h.toFunder()).status).as("she may still benefit").isEqualTo(Binding.Status.ACTIVE);
    }

    @Test
    void account_closed_from_the_broker_ends_the_persons_bindings_once_R_BIND_10() {
        Household h = household();
        UUID eventId = UUID.randomUUID();
        String event = Events.accountClosed(eventId, h.funder());
        Events.send("account.closed", h.funder(), event);
        Events.send("account.closed", h.funder(), event);
        Events.await("bindings of " + h.funder() + " to end", () -> binding(h.toSon()).status == Binding.Status.ENDED);
        assertEnded("ACCOUNT_CLOSED", h.toSon(), h.toDaughter(), h.toFunder());
        assertThat(plan(h.son()).get("funders")).isEmpty();
        Person p = QuarkusTransaction.requiringNew().call(() -> Person.findById(h.funder()));
        assertThat(p.accountClosedAt).isNotNull();
        // the same event again is not applied again (inbox), and a closed account cannot fund anew
        long version = plan(h.son()).get("version").asLong();
        AccountClosedEvent parsed = read(event);
        assertThat(accountClosed.apply(parsed)).isFalse();
        assertThat(plan(h.son()).get("version").asLong()).isEqualTo(version);
        bind(bindBody(h.funder(), h.son(), "CHILD")).statusCode(403).body("code", equalTo("R-BIND-1"));
    }

    @Test
    void an_unreadable_account_closed_goes_to_the_dead_letter_topic() {
        try (KafkaConsumer<String, String> dlq = Events.consumer("binding.account.closed.dlq")) {
            String key = "BROKEN" + UUID.randomUUID();
            Events.send("account.closed", key, "{\"event_id\": \"not-a-uuid\", \"data\": 5}");
            assertThat(Events.first(dlq, r -> key.equals(r.key())).value()).contains("not-a-uuid");
        }
    }

    private AccountClosedEvent read(String s) {
        try {
            return json.readValue(s, AccountClosedEvent.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
