package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.domain.EvidenceType;
import cn.familyaid.withdrawal.domain.Reason;
import cn.familyaid.withdrawal.service.RegistryService;
import cn.familyaid.withdrawal.support.Bodies;
import cn.familyaid.withdrawal.support.People;
import cn.familyaid.withdrawal.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * The contract's evidence matrix (withdrawal-service README): for each reason, each required item (or one-of
 * group) left out → 400 naming exactly that item; all left out → every item named; any one member of a one-of
 * group suffices.
 */
@QuarkusTest
class EvidenceMatrixTest {

    @Inject
    RegistryService registry;

    /** Every (reason, required group) pair, with the group as named in the error. */
    static Stream<Arguments> eachReasonEachMissingItem() {
        List<Arguments> cases = new ArrayList<>();
        for (Reason reason : Reason.values()) {
            for (boolean abroad : reason == Reason.REGION_NOT_ACCEPTING ? List.of(false, true) : List.of(false)) {
                for (List<EvidenceType> group : reason.requiredEvidence(abroad)) {
                    cases.add(Arguments.of(reason.name(), abroad,
                            String.join("|", group.stream().map(Enum::name).toList())));
                }
            }
        }
        assertThat(cases).hasSize(2 + 1 + 1 + 2 + 1 + 2 + 3);
        return cases.stream();
    }

    /** An applicant who passes every other check for this reason, so only the evidence can fail. */
    private Map<String, Object> validBody(String reason, boolean abroad, List<Map<String, Object>> evidence,
                                          String[] token) {
        // emigration needs the insurance stopped (R-WD-2): such a person, so only the evidence decides
        People.Person p = People.person(registry, "320102", "310", reason.equals("EMIGRATION") ? "4" : "1", null);
        if (reason.equals("DEATH")) {
            People.Person heir = People.employee(registry, "320102");
            People.kin(registry, p, heir, "CHILD", "PARENT");
            People.die(registry, p);
            token[0] = Tokens.person(heir.psnNo());
            return Bodies.withdrawal(p.psnNo(), reason, heir, "CHILD", evidence, heir.name(), null);
        }
        token[0] = Tokens.person(p.psnNo());
        Map<String, Object> body = Bodies.withdrawal(p.psnNo(), reason, p, "SELF", evidence, p.name(),
                reason.equals("SERIOUS_ILLNESS") ? "100.00" : null);
        if (abroad) {
            body.put("moving_abroad", true);
        }
        return body;
    }

    @ParameterizedTest(name = "{0} (abroad={1}) without {2}")
    @MethodSource("eachReasonEachMissingItem")
    void each_missing_evidence_item_is_named(String reason, boolean abroad, String missing) {
        List<Map<String, Object>> evidence = new ArrayList<>(Bodies.fullEvidence(reason));
        if (abroad) {
            evidence.add(Bodies.evidence("VISA_PAGE"));
        }
        List<String> groupTypes = List.of(missing.split("\\|"));
        evidence.removeIf(e -> groupTypes.contains((String) e.get("type")));
        String[] token = new String[1];
        Map<String, Object> body = validBody(reason, abroad, evidence, token);
        given().auth().oauth2(token[0]).contentType("application/json").body(body)
                .post("/api/v1/withdrawals")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo(Reason.valueOf(reason).rule))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("evidence"))
                .body("errors[0].message", equalTo("missing " + missing));
    }

    @ParameterizedTest(name = "{0} with no evidence at all")
    @MethodSource("reasons")
    void every_missing_item_is_named_at_once(String reason) {
        String[] token = new String[1];
        Map<String, Object> body = validBody(reason, false, List.of(), token);
        List<String> expected = Reason.valueOf(reason).requiredEvidence(false).stream()
                .map(g -> "missing " + String.join("|", g.stream().map(Enum::name).toList())).toList();
        given().auth().oauth2(token[0]).contentType("application/json").body(body)
                .post("/api/v1/withdrawals")
                .then().statusCode(400)
                .body("code", equalTo(Reason.valueOf(reason).rule))
                .body("errors.field", everyItem(equalTo("evidence")))
                .body("errors.message", containsInAnyOrder(expected.toArray()));
    }

    static Stream<String> reasons() {
        return EnumSet.allOf(Reason.class).stream().map(Enum::name);
    }

    /** Any one member of a one-of group is enough (EMIGRATION, LONG_TERM_ELSEWHERE). */
    @ParameterizedTest(name = "{0} with only {1}")
    @MethodSource("oneOfMembers")
    void any_member_of_a_one_of_group_suffices(String reason, String type) {
        String[] token = new String[1];
        Map<String, Object> body = validBody(reason, false, List.of(Bodies.evidence(type)), token);
        given().auth().oauth2(token[0]).contentType("application/json").body(body)
                .post("/api/v1/withdrawals").then().statusCode(201).body("status", equalTo("SUBMITTED"));
    }

    static Stream<Arguments> oneOfMembers() {
        return Stream.of(
                Arguments.of("EMIGRATION", "SETTLEMENT_ABROAD_PROOF"),
                Arguments.of("EMIGRATION", "HOUSEHOLD_DEREGISTRATION"),
                Arguments.of("EMIGRATION", "PERMANENT_RESIDENCE"),
                Arguments.of("LONG_TERM_ELSEWHERE", "LONG_TERM_FILING"),
                Arguments.of("LONG_TERM_ELSEWHERE", "RESIDENCE_ABROAD_PROOF"));
    }
}
