package cn.familyaid.wallet;

import cn.familyaid.wallet.support.BadInput;
import cn.familyaid.wallet.support.Family;
import cn.familyaid.wallet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Bad input never moves money: the credit endpoint against the corpus of malformed requests (support/BadInput),
 * each a 4xx problem+json naming the field with no balance change and no row written; NUL in path ids and the
 * HTTP server's own limits answered as problem+json.
 */
@QuarkusTest
class BadInputTest {

    @Inject
    Family family;

    long written() {
        return family.query("SELECT (SELECT count(*) FROM credit) + (SELECT count(*) FROM ledger_transfer)"
                + " + (SELECT count(*) FROM outbox_event) + (SELECT count(*) FROM account)"
                + " + (SELECT count(*) FROM wallet_transfer) + (SELECT count(*) FROM wallet_region)",
                rs -> rs.getLong(1)).get(0);
    }

    @Test
    void the_credit_endpoint_refuses_the_bad_input_corpus_with_a_problem_naming_the_field_and_moves_nothing() {
        String p = family.person("孙一", "310", "320102");
        Map<String, Object> credit = new LinkedHashMap<>(Map.of("request_id", "c-" + UUID.randomUUID(),
                "amount", new BigDecimal("100.00"), "period", "2026-11"));
        BadInput.Endpoint e = new BadInput.Endpoint("POST", "/api/v1/accounts/" + p + "/credits",
                Tokens.platform("320000"), credit, List.of("request_id", "period"), List.of(), List.of(), List.of(),
                List.of("amount"));
        List<String> failures = new ArrayList<>(BadInput.failures(e, this::written));
        assertThat(failures).as("of %d cases", BadInput.size(e)).isEmpty();
        assertThat(family.balance(p, "PERSONAL")).isZero();
    }

    @Test
    void wallet_activation_regions_and_transfers_refuse_the_bad_input_corpus_and_move_nothing() {
        String from = family.person("孙三", "310", "320102");
        String to = family.person("孙四", "390", "440305");
        family.credit(from, 10_000);
        family.kin(from, to, "CHILD");
        family.wallet(to, "440305");
        String newcomer = family.person("孙五", "310", "320102");
        family.openRegion("320102");
        List<BadInput.Endpoint> endpoints = List.of(
                new BadInput.Endpoint("POST", "/api/v1/wallets", Tokens.person(newcomer),
                        new LinkedHashMap<>(Map.of("psn_no", newcomer, "admdvs", "320102", "phone", "13912345678")),
                        List.of("psn_no", "admdvs", "phone"), List.of(), List.of(), List.of(), List.of()),
                new BadInput.Endpoint("PUT", "/api/v1/wallet-regions/320102", Tokens.platform("320000"),
                        new LinkedHashMap<>(Map.of("open", true)), List.of(), List.of(), List.of(), List.of(), List.of()),
                new BadInput.Endpoint("POST", "/api/v1/transfers", Tokens.personVerified(from),
                        new LinkedHashMap<>(Map.of("transfer_id", "t-" + UUID.randomUUID(), "from_psn_no", from,
                                "source", "PERSONAL", "to_psn_no", to, "to_psn_name", "孙四",
                                "amount", new BigDecimal("10.00"))),
                        List.of("transfer_id", "source", "to_psn_name"), List.of(), List.of(), List.of(),
                        List.of("amount")));
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (BadInput.Endpoint e : endpoints) {
            cases += BadInput.size(e);
            failures.addAll(BadInput.failures(e, this::written));
        }
        assertThat(failures).as("of %d cases", cases).isEmpty();
        assertThat(family.balance(from, "PERSONAL")).isEqualTo(10_000);
    }

    @Test
    void an_amount_above_the_ceiling_is_refused_with_a_named_code_and_the_ceiling_itself_is_credited() {
        String p = family.person("孙二", "310", "320102");
        given().auth().oauth2(Tokens.platform("320000")).contentType("application/json")
                .body(Map.of("request_id", "c-" + UUID.randomUUID(), "amount", new BigDecimal("1000000.01"),
                        "period", "2026-11"))
                .post("/api/v1/accounts/{p}/credits", p)
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("AMOUNT_TOO_LARGE")).body("errors.field", hasItem("amount"));
        assertThat(family.balance(p, "PERSONAL")).isZero();
        given().auth().oauth2(Tokens.platform("320000")).contentType("application/json")
                .body(Map.of("request_id", "c-" + UUID.randomUUID(), "amount", new BigDecimal("1000000.00"),
                        "period", "2026-11"))
                .post("/api/v1/accounts/{p}/credits", p)
                .then().statusCode(201);
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(100_000_000L);
    }

    @Test
    void a_nul_in_a_path_id_and_the_http_servers_own_limits_answer_problem_json() {
        given().auth().oauth2(Tokens.agency("320102")).urlEncodingEnabled(false)
                .get("/api/v1/accounts/AB%00CD")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("psn_no"));
        given().auth().oauth2(Tokens.agency("320102")).get("/api/v1/accounts/" + "A".repeat(5_000))
                .then().statusCode(414).contentType("application/problem+json").body("code", equalTo("URI_TOO_LONG"));
        given().auth().oauth2(Tokens.agency("320102")).header("X-Padding", "p".repeat(20_000))
                .get("/api/v1/accounts/X1")
                .then().statusCode(431).contentType("application/problem+json").body("code", equalTo("HEADERS_TOO_LARGE"));
    }
}
