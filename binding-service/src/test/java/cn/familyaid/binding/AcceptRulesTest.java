package cn.familyaid.binding;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.support.Family;
import cn.familyaid.binding.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Where the region needs the beneficiary's acceptance, R-BIND-1..4 are checked again when the binding is accepted:
 * a fact that changed since the invitation refuses the acceptance with the rule's own code, and the binding stays
 * PENDING with no plan published.
 */
@QuarkusTest
class AcceptRulesTest {

    record Invitation(String region, String funder, String beneficiary, String bindingId) {
    }

    /** A PENDING binding in a fresh region that requires acceptance. */
    static Invitation invitation(String relation, Map<String, Object> policy) {
        String region = Family.region("32");
        Family.policy(region, policy);
        String funder = person(region, "310");
        String beneficiary = person(region, "390");
        kin(funder, beneficiary, relation);
        String id = Family.bind(Family.bindBody(funder, beneficiary, relation)).statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("binding_id");
        return new Invitation(region, funder, beneficiary, id);
    }

    static ValidatableResponse accept(Invitation inv) {
        return given().auth().oauth2(Tokens.person(inv.beneficiary()))
                .post("/api/v1/bindings/{id}/accept", inv.bindingId()).then();
    }

    static void assertStillPending(Invitation inv) {
        Binding b = QuarkusTransaction.requiringNew().call(() -> Binding.findById(UUID.fromString(inv.bindingId())));
        assertThat(b.status).isEqualTo(Binding.Status.PENDING);
        assertThat(b.deductionOrder).isNull();
        assertThat(b.acceptedAt).isNull();
        assertThat(Family.events("binding.changed", inv.beneficiary())).as("no plan published").isEmpty();
    }

    @Test
    void a_funder_in_lapse_when_the_binding_is_accepted_is_refused_R_BIND_1() {
        Invitation inv = invitation("CHILD", Map.of("acceptance_required", true));
        Family.update(inv.funder(), inv.region(), "310", "2", null).statusCode(200);
        accept(inv).statusCode(403).contentType("application/problem+json").body("code", equalTo("R-BIND-1"));
        assertStillPending(inv);
        // back in normal status, the same invitation can be accepted
        Family.update(inv.funder(), inv.region(), "310", "1", null).statusCode(200);
        accept(inv).statusCode(200).body("status", equalTo("ACTIVE")).body("order", equalTo(1));
        assertThat(Family.plan(inv.beneficiary()).get("funders")).hasSize(1);
    }

    @Test
    void a_beneficiary_no_longer_in_normal_status_when_accepting_is_refused_R_BIND_2() {
        Invitation inv = invitation("CHILD", Map.of("acceptance_required", true));
        Family.update(inv.beneficiary(), inv.region(), "390", "2", null).statusCode(200);
        accept(inv).statusCode(403).contentType("application/problem+json").body("code", equalTo("R-BIND-2"));
        assertStillPending(inv);
    }

    @Test
    void a_relation_the_funders_region_no_longer_allows_is_refused_at_acceptance_R_BIND_3() {
        Invitation inv = invitation("SIBLING", Map.of("acceptance_required", true));
        Family.policy(inv.region(), Map.of("acceptance_required", true,
                "allowed_relations", List.of("SPOUSE", "PARENT", "CHILD")));
        accept(inv).statusCode(403).contentType("application/problem+json").body("code", equalTo("R-BIND-3"));
        assertStillPending(inv);
    }

    @Test
    void cross_province_aid_closed_before_acceptance_is_refused_R_BIND_4() {
        String funderRegion = Family.region("32");
        String beneficiaryRegion = Family.region("44");
        Family.policy(funderRegion, Map.of("acceptance_required", true, "cross_province_open", true));
        Family.policy(beneficiaryRegion, Map.of("cross_province_open", true));
        String funder = person(funderRegion, "310");
        String beneficiary = person(beneficiaryRegion, "390");
        kin(funder, beneficiary, "PARENT");
        String id = Family.bind(Family.bindBody(funder, beneficiary, "PARENT")).statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("binding_id");
        Invitation inv = new Invitation(funderRegion, funder, beneficiary, id);
        Family.policy(beneficiaryRegion, Map.of("cross_province_open", false));
        accept(inv).statusCode(403).contentType("application/problem+json").body("code", equalTo("R-BIND-4"));
        assertStillPending(inv);
        Family.policy(beneficiaryRegion, Map.of("cross_province_open", true));
        accept(inv).statusCode(200).body("status", equalTo("ACTIVE"));
    }
}
