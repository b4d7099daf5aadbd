package cn.familyaid.wallet;

import cn.familyaid.wallet.support.Api;
import cn.familyaid.wallet.support.Family;
import cn.familyaid.wallet.support.LedgerRequester;
import cn.familyaid.wallet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import static cn.familyaid.wallet.support.Family.cap;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The REST API of wallet-service (its README, Exposed Endpoints), against the real database and broker. */
@QuarkusTest
class WalletApiTest {

    @Inject
    Family family;

    @Inject
    LedgerRequester ledger;

    @BeforeAll
    static void exact() {
        Api.exactAmounts();
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static String transferBody(String transferId, String from, String source, String to, String toName, String amount) {
        return """
                {"transfer_id":"%s","from_psn_no":"%s","source":"%s","to_psn_no":"%s","to_psn_name":"%s","amount":%s}"""
                .formatted(transferId, from, source, to, toName, amount);
    }

    ValidatableResponse transfer(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/transfers").then();
    }

    // ------------------------------------------------------------------ credits

    @Test
    void monthly_credit_is_idempotent_by_request_id() {
        String p = family.person("王五", "310", "320102");
        String body = "{\"request_id\":\"%s\",\"amount\":123.45,\"period\":\"2026-11\"}";
        String rid = id();
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(body.formatted(rid))
                .post("/api/v1/accounts/{p}/credits", p).then().statusCode(201)
                .body("balc", equalTo(new BigDecimal("123.45")));
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body(body.formatted(rid))
                .post("/api/v1/accounts/{p}/credits", p).then().statusCode(200)
                .body("balc", equalTo(new BigDecimal("123.45")));
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON)
                .body("{\"request_id\":\"%s\",\"amount\":1.00,\"period\":\"2026-11\"}".formatted(rid))
                .post("/api/v1/accounts/{p}/credits", p).then().statusCode(409).body("code", equalTo("IDEMPOTENCY_CONFLICT"));
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(12_345);
    }

    @Test
    void credits_refuse_bad_amounts_wrong_roles_and_other_regions() {
        String p = family.person("王五", "310", "320102");
        for (String amount : new String[]{"1.234", "-1", "\"10\"", "0"}) {
            given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON)
                    .body("{\"request_id\":\"%s\",\"amount\":%s,\"period\":\"2026-11\"}".formatted(id(), amount))
                    .post("/api/v1/accounts/{p}/credits", p).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("amount"));
        }
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON)
                .body("{\"request_id\":\"%s\",\"amount\":1,\"period\":\"November\"}".formatted(id()))
                .post("/api/v1/accounts/{p}/credits", p).then().statusCode(400).body("errors.field", hasItem("period"));
        given().auth().oauth2(Tokens.platform("440000")).contentType(ContentType.JSON)
                .body("{\"request_id\":\"%s\",\"amount\":1,\"period\":\"2026-11\"}".formatted(id()))
                .post("/api/v1/accounts/{p}/credits", p).then().statusCode(403).body("code", equalTo("FORBIDDEN_REGION"));
        given().auth().oauth2(Tokens.person(p)).contentType(ContentType.JSON)
                .body("{\"request_id\":\"%s\",\"amount\":1,\"period\":\"2026-11\"}".formatted(id()))
                .post("/api/v1/accounts/{p}/credits", p).then().statusCode(403);
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/accounts/{p}/credits", p).then().statusCode(401);
        assertThat(family.balance(p, "PERSONAL")).isZero();
    }

    // ------------------------------------------------------------------ wallet regions and activation

    @Test
    void open_regions_are_queryable_by_anyone_authenticated_R_WAL_5() {
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body("{\"open\":true}")
                .put("/api/v1/wallet-regions/320102").then().statusCode(200).body("open", equalTo(true));
        given().auth().oauth2(Tokens.platform("000000")).contentType(ContentType.JSON).body("{\"open\":false}")
                .put("/api/v1/wallet-regions/110105").then().statusCode(200);
        given().auth().oauth2(Tokens.platform("320000")).contentType(ContentType.JSON).body("{\"open\":true}")
                .put("/api/v1/wallet-regions/440305").then().statusCode(403);
        given().auth().oauth2(Tokens.institution("H1")).get("/api/v1/wallet-regions").then().statusCode(200)
                .body("regions.admdvs", hasItem("320102")).body("regions.admdvs", not(hasItem("110105")));
        given().get("/api/v1/wallet-regions").then().statusCode(401);
    }

    @Test
    void a_deceased_person_cannot_activate_a_wallet_R_WAL_1() {
        String p = family.person("赵七", "390", "440305");
        family.openRegion("440305");
        family.dies(p);
        given().auth().oauth2(Tokens.person(p)).contentType(ContentType.JSON)
                .body("{\"psn_no\":\"%s\",\"admdvs\":\"440305\",\"phone\":\"13912345678\"}".formatted(p))
                .post("/api/v1/wallets").then().statusCode(409).body("code", equalTo("R-WAL-1"));
        assertThat(family.query("SELECT count(*) FROM account WHERE psn_no = ? AND kind = 'WALLET'",
                rs -> rs.getLong(1), p)).containsExactly(0L);
    }

    @Test
    void a_wallet_is_activated_only_where_the_region_has_opened_it_R_WAL_1() {
        String p = family.person("赵六", "390", "440305");
        String body = "{\"psn_no\":\"%s\",\"admdvs\":\"%s\",\"phone\":\"13912345678\"}";
        given().auth().oauth2(Tokens.person(p)).contentType(ContentType.JSON).body(body.formatted(p, "650102"))
                .post("/api/v1/wallets").then().statusCode(409).body("code", equalTo("R-WAL-1"));
        family.openRegion("440305");
        given().auth().oauth2(Tokens.person(p)).contentType(ContentType.JSON).body(body.formatted(p, "440305"))
                .post("/api/v1/wallets").then().statusCode(201).body("status", equalTo("ACTIVE"))
                .body("phone", equalTo("13912345678"));
        given().auth().oauth2(Tokens.person(p)).contentType(ContentType.JSON).body(body.formatted(p, "440305"))
                .post("/api/v1/wallets").then().statusCode(200);
        given().auth().oauth2(Tokens.person("SOMEONE")).contentType(ContentType.JSON).body(body.formatted(p, "440305"))
                .post("/api/v1/wallets").then().statusCode(403);
        given().auth().oauth2(Tokens.person(p)).contentType(ContentType.JSON)
                .body("{\"psn_no\":\"%s\",\"admdvs\":\"440305\",\"phone\":\"12\"}".formatted(p))
                .post("/api/v1/wallets").then().statusCode(400).body("errors.field", hasItem("phone"));
        // the phone is masked for anyone but the person
        given().auth().oauth2(Tokens.agency("440000")).get("/api/v1/accounts/{p}", p).then().statusCode(200)
                .body("wallet.phone", equalTo("139****5678")).body("wallet.status", equalTo("ACTIVE"));
        given().auth().oauth2(Tokens.person(p)).get("/api/v1/accounts/{p}", p).then().statusCode(200)
                .body("wallet.phone", equalTo("13912345678"));
    }

    // ------------------------------------------------------------------ transfers

    record Pair(String sender, String payee) {
    }

    /** A father insured in Jiangsu and his daughter with a wallet in Shenzhen (cross-province). */
    Pair crossProvinceFamily() {
        String father = family.person("李强", "310", "320102");
        String daughter = family.person("李梅", "390", "440305");
        family.openRegion("320102");
        family.wallet(daughter, "440305");
        family.kin(father, daughter, "CHILD");
        family.kin(daughter, father, "PARENT");
        family.credit(father, 100_000);
        return new Pair(father, daughter);
    }

    @Test
    void a_transfer_moves_money_from_the_senders_personal_account_into_a_near_relatives_wallet_across_provinces_R_WAL_2() {
        Pair f = crossProvinceFamily();
        String tid = id();
        transfer(Tokens.personVerified(f.sender()), transferBody(tid, f.sender(), "PERSONAL", f.payee(), "李梅", "300.00"))
                .statusCode(201).body("status", equalTo("COMPLETED")).body("to_psn_name", equalTo("李*"));
        assertThat(family.balance(f.sender(), "PERSONAL")).isEqualTo(70_000);
        assertThat(family.balance(f.payee(), "WALLET")).isEqualTo(30_000);
        given().auth().oauth2(Tokens.person(f.payee())).get("/api/v1/transfers/{t}", tid).then().statusCode(200)
                .body("amount", equalTo(new BigDecimal("300.00")));
        given().auth().oauth2(Tokens.person("SOMEONE")).get("/api/v1/transfers/{t}", tid).then().statusCode(403);
        assertThat(family.query("SELECT count(*) FROM outbox_event WHERE topic = 'transfer.completed' AND msg_key = ?",
                rs -> rs.getLong(1), f.sender())).containsExactly(1L);
    }

    @Test
    void transfers_need_a_near_relative_an_active_wallet_open_regions_and_the_right_name_R_WAL_2() {
        Pair f = crossProvinceFamily();
        String stranger = family.person("陌生", "390", "440305");
        family.wallet(stranger, "440305");
        String token = Tokens.personVerified(f.sender());
        transfer(token, transferBody(id(), f.sender(), "PERSONAL", stranger, "陌生", "1.00"))
                .statusCode(409).body("code", equalTo("R-WAL-2"));
        transfer(token, transferBody(id(), f.sender(), "PERSONAL", f.payee(), "李雷", "1.00"))
                .statusCode(409).body("code", equalTo("R-WAL-2"));
        // the payee's region closes the wallet
        family.query("UPDATE wallet_region SET open = false WHERE admdvs = '440305' RETURNING 1", rs -> 1);
        try {
            transfer(token, transferBody(id(), f.sender(), "PERSONAL", f.payee(), "李梅", "1.00"))
                    .statusCode(409).body("code", equalTo("R-WAL-2"));
        } finally {
            family.openRegion("440305");
        }
        String noWallet = family.person("李兰", "390", "440305");
        family.kin(f.sender(), noWallet, "CHILD");
        transfer(token, transferBody(id(), f.sender(), "PERSONAL", noWallet, "李兰", "1.00"))
                .statusCode(409).body("code", equalTo("R-WAL-2"));
        transfer(token, transferBody(id(), f.sender(), "WALLET", f.payee(), "李梅", "1.00"))
                .statusCode(409).body("code", equalTo("R-WAL-2"));
        transfer(token, transferBody(id(), f.sender(), "PERSONAL", f.payee(), "李梅", "5000.00"))
                .statusCode(409).body("code", equalTo("INSUFFICIENT_BALANCE"));
        transfer(Tokens.personVerified(f.payee()), transferBody(id(), f.sender(), "PERSONAL", f.payee(), "李梅", "1.00"))
                .statusCode(403);
        transfer(token, transferBody(id(), f.sender(), "CASH", f.payee(), "李梅", "1.001"))
                .statusCode(400).body("errors.field", hasItem("source"));
        transfer(token, transferBody(id(), f.sender(), "PERSONAL", f.payee(), "李梅", "1.001"))
                .statusCode(400).body("errors.field", hasItem("amount"));
        assertThat(family.balance(f.sender(), "PERSONAL")).isEqualTo(100_000);
        assertThat(family.balance(f.payee(), "WALLET")).isZero();
    }

    @Test
    void the_payee_must_be_enrolled_in_normal_status_and_the_senders_region_must_have_opened_the_wallet_R_WAL_2() {
        Pair f = crossProvinceFamily();
        String token = Tokens.personVerified(f.sender());
        family.pauses(f.payee());
        transfer(token, transferBody(id(), f.sender(), "PERSONAL", f.payee(), "李梅", "1.00"))
                .statusCode(409).body("code", equalTo("R-WAL-2"));
        String aunt = family.person("李红", "390", "440305");
        family.wallet(aunt, "440305");
        String sender = family.person("李军", "310", "510104");
        family.credit(sender, 10_000);
        family.kin(sender, aunt, "SIBLING");
        transfer(Tokens.personVerified(sender), transferBody(id(), sender, "PERSONAL", aunt, "李红", "1.00"))
                .statusCode(409).body("code", equalTo("R-WAL-2")).body("detail", containsString("510104"));
        family.openRegion("510104");
        transfer(Tokens.personVerified(sender), transferBody(id(), sender, "PERSONAL", aunt, "李红", "1.00"))
                .statusCode(201);
    }

    @Test
    void a_session_login_alone_gets_the_step_up_challenge_and_a_fresh_verification_then_sends_R_WAL_3() {
        // the refusals one by one (no acr, another acr, too old) and the exact challenge: StepUpTest
        Pair f = crossProvinceFamily();
        String body = transferBody(id(), f.sender(), "PERSONAL", f.payee(), "李梅", "1.00");
        transfer(Tokens.person(f.sender()), body).statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"face pwd\""))
                .header("WWW-Authenticate", containsString("max_age=\"300\""))
                .body("code", equalTo("R-WAL-3"));
        assertThat(family.balance(f.payee(), "WALLET")).isZero();
        // the client steps up as the challenge asks and sends the same request again
        transfer(Tokens.personVerified(f.sender(), "pwd", Instant.now().getEpochSecond() - 60), body).statusCode(201);
        assertThat(family.balance(f.payee(), "WALLET")).isEqualTo(100);
    }

    @Test
    void a_transfer_completes_whole_or_not_at_all_and_is_idempotent_by_transfer_id_R_WAL_6() {
        Pair f = crossProvinceFamily();
        String tid = id();
        String body = transferBody(tid, f.sender(), "PERSONAL", f.payee(), "李梅", "100.00");
        transfer(Tokens.personVerified(f.sender()), body).statusCode(201);
        transfer(Tokens.personVerified(f.sender()), body).statusCode(200).body("status", equalTo("COMPLETED"));
        transfer(Tokens.personVerified(f.sender()), transferBody(tid, f.sender(), "PERSONAL", f.payee(), "李梅", "200.00"))
                .statusCode(409).body("code", equalTo("IDEMPOTENCY_CONFLICT"));
        assertThat(family.balance(f.sender(), "PERSONAL")).isEqualTo(90_000);
        assertThat(family.balance(f.payee(), "WALLET")).isEqualTo(10_000);
        // a refused transfer writes nothing: no ledger row, no transfer row, no event
        String refused = id();
        transfer(Tokens.personVerified(f.sender()), transferBody(refused, f.sender(), "PERSONAL", f.payee(), "李梅",
                "99999.00")).statusCode(409);
        assertThat(family.query("SELECT count(*) FROM ledger_transfer WHERE request_id = ?", rs -> rs.getLong(1),
                refused)).containsExactly(0L);
        given().auth().oauth2(Tokens.person(f.sender())).get("/api/v1/transfers/{t}", refused).then().statusCode(404);
    }

    @Test
    void a_deceased_persons_money_does_not_leave_by_transfer() {
        Pair f = crossProvinceFamily();
        family.dies(f.sender());
        transfer(Tokens.personVerified(f.sender()), transferBody(id(), f.sender(), "PERSONAL", f.payee(), "李梅", "1.00"))
                .statusCode(409).body("code", equalTo("ACCOUNT_FROZEN"));
    }

    // ------------------------------------------------------------------ statements

    @Test
    void a_funder_sees_for_whom_where_and_how_much_their_shared_money_paid_but_no_diagnosis_R_BIND_9() {
        String mother = family.person("王芳", "310", "320102");
        String son = family.person("李小明", "390", "320102");
        family.credit(mother, 50_000);
        family.plan(son, 1, cap(mother, "CHILD", 20_000, 0, 1));
        JsonPath hold = ledger.request(son, """
                {"command_id":"%s","type":"HOLD_FOR_PLAN","beneficiary_psn_no":"%s","amount_fen":12000,
                 "use_account":true,"use_family":true,"diagnosis":"J18.9 pneumonia",
                 "institution":{"fixmedins_code":"P32010200009","fixmedins_type":"PHARMACY","admdvs":"320102","wallet_enabled":false},
                 "reference":"SETL-77","expires_in_seconds":600}""".formatted(id(), son));
        ledger.request(son, "{\"command_id\":\"%s\",\"type\":\"POST_HOLD\",\"hold_id\":\"%s\"}"
                .formatted(id(), hold.getString("hold_id")));

        String json = given().auth().oauth2(Tokens.person(mother)).get("/api/v1/accounts/{p}/entries", mother)
                .then().statusCode(200)
                .body("entries[0].reason", equalTo("settlement"))
                .body("entries[0].direction", equalTo("OUT"))
                .body("entries[0].amount", equalTo(new BigDecimal("120.00")))
                .body("entries[0].mutual_aid.beneficiary_psn_name", equalTo("李**"))
                .body("entries[0].mutual_aid.relation", equalTo("CHILD"))
                .body("entries[0].mutual_aid.fixmedins_type", equalTo("PHARMACY"))
                .body("entries[1].reason", equalTo("credit"))
                .body("entries[1].mutual_aid", nullValue())
                .extract().asString();
        assertThat(json).doesNotContain("J18").doesNotContain("pneumonia").doesNotContain("李小明");
        given().auth().oauth2(Tokens.person(son)).get("/api/v1/accounts/{p}/entries", mother).then().statusCode(403);
        given().auth().oauth2(Tokens.agency("320000")).get("/api/v1/accounts/{p}/entries", mother).then().statusCode(403);
        // shareable = available above the retained minimum
        given().auth().oauth2(Tokens.person(mother)).get("/api/v1/accounts/{p}", mother).then().statusCode(200)
                .body("personal.balc", equalTo(new BigDecimal("380.00")))
                .body("personal.shareable", equalTo(new BigDecimal("380.00")));
    }
}
