package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.ClosedAccount;
import cn.familyaid.withdrawal.domain.InsuredPerson;
import cn.familyaid.withdrawal.domain.Kinship;
import cn.familyaid.withdrawal.domain.RegionPolicy;
import cn.familyaid.withdrawal.messaging.Events.PersonChanged;
import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.support.Events;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The local copies are built from the real broker's events; redeliveries apply once; poison goes to the DLQ. */
@QuarkusTest
class RegistryConsumersTest {

    @Inject
    RegistryService registry;

    static String psn() {
        return "R" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    static InsuredPerson person(String psn) {
        return QuarkusTransaction.requiringNew().call(() -> InsuredPerson.findById(psn));
    }

    @Test
    void person_changed_keeps_death_status_region_name_and_certificate() {
        String p = psn();
        Events.send("person.changed", p, Events.personChanged(UUID.randomUUID(), p, "李四", "320102198001011234",
                "310", "1", "320102", null, 1));
        Events.send("person.changed", p, Events.personChanged(UUID.randomUUID(), p, "李四", "320102198001011234",
                "310", "4", "320105", "2026-11-01", 2));
        Events.await("the death of " + p, () -> person(p) != null && person(p).deceased());
        InsuredPerson copy = person(p);
        assertThat(copy.psnName).isEqualTo("李四");
        assertThat(copy.certno).isEqualTo("320102198001011234");
        assertThat(copy.psnInsuStas).isEqualTo("4");
        assertThat(copy.insuplcAdmdvs).isEqualTo("320105");
        assertThat(copy.deathDate).isEqualTo(LocalDate.of(2026, 11, 1));
    }

    @Test
    void an_older_person_version_or_a_redelivery_changes_nothing() {
        String p = psn();
        UUID id = UUID.randomUUID();
        PersonChanged v3 = new PersonChanged(p, "王五", "320102198001010001", "310", "1", "320102", null, 3);
        assertThat(QuarkusTransaction.requiringNew().call(() -> registry.onPersonChanged(id, v3))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> registry.onPersonChanged(id, v3))).isFalse();
        QuarkusTransaction.requiringNew().run(() -> registry.onPersonChanged(UUID.randomUUID(),
                new PersonChanged(p, "王五", "320102198001010001", "310", "1", "320102", LocalDate.of(2020, 1, 1), 2)));
        assertThat(person(p).version).isEqualTo(3);
        assertThat(person(p).deceased()).isFalse();
    }

    @Test
    void kinship_changed_records_and_ends_kinships() {
        String a = psn();
        String b = psn();
        Events.send("kinship.changed", a, Events.kinshipChanged(UUID.randomUUID(), a, b, "SPOUSE", true));
        Events.await("the kinship", () -> QuarkusTransaction.requiringNew()
                .call(() -> Kinship.active(a, b).isPresent()));
        Events.send("kinship.changed", a, Events.kinshipChanged(UUID.randomUUID(), a, b, "SPOUSE", false));
        Events.await("the end of the kinship", () -> QuarkusTransaction.requiringNew()
                .call(() -> Kinship.active(a, b).isEmpty()));
    }

    @Test
    void region_policy_changed_keeps_the_newest_extra_categories() {
        String region = "3" + String.valueOf(System.nanoTime()).substring(8, 13);
        Events.send("region.policy.changed", region,
                Events.regionPolicyChanged(UUID.randomUUID(), region, List.of("VOLUNTARY_EXIT"), 2));
        Events.send("region.policy.changed", region,
                Events.regionPolicyChanged(UUID.randomUUID(), region, List.of(), 1));
        Events.send("region.policy.changed", region,
                Events.regionPolicyChanged(UUID.randomUUID(), region, List.of("CHECKUP"), 3));
        Events.await("policy v3", () -> QuarkusTransaction.requiringNew().call(() -> {
            RegionPolicy rp = RegionPolicy.findById(region);
            return rp != null && rp.version == 3;
        }));
        RegionPolicy rp = QuarkusTransaction.requiringNew().call(() -> RegionPolicy.findById(region));
        assertThat(rp.allows("VOLUNTARY_EXIT")).isFalse();
        assertThat(rp.allows("CHECKUP")).isTrue();
    }

    @Test
    void account_closed_is_remembered() {
        String p = psn();
        Events.send("account.closed", p, Events.accountClosed(UUID.randomUUID(), p));
        Events.await("the closed account", () -> QuarkusTransaction.requiringNew()
                .call(() -> ClosedAccount.findById(p) != null));
    }

    @Test
    void a_poison_event_goes_to_the_dead_letter_topic_and_the_next_one_is_applied() {
        String p = psn();
        String poison = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"type\":\"person.changed\",\"data\":{\"psn_no\":\""
                + p + "\"}}"; // no region, no version: cannot be applied
        Events.send("person.changed", p, poison);
        Events.send("person.changed", p, Events.personChanged(UUID.randomUUID(), p, "赵六", "320102198001010002",
                "310", "1", "320102", null, 1));
        Events.await("the good event after the poison", () -> person(p) != null);
        List<String> dlq = Events.read("withdrawal.person.changed.dlq", seen -> seen.stream().anyMatch(v -> v.contains(p)));
        assertThat(dlq).anyMatch(v -> v.contains(p));
    }
}
