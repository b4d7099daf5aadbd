package cn.familyaid.wallet;

import cn.familyaid.wallet.support.Api;
import cn.familyaid.wallet.support.Family;
import cn.familyaid.wallet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * R-WAL-3 step-up (RFC 9470) on {@code POST /transfers}, through quarkus-oidc (the OIDC tenant "step-up" and its
 * validator {@code security/StepUpValidator}): a token of face or 医保码 password verification ({@code acr} face or
 * pwd) at most 5 minutes old is accepted; any other gets quarkus-oidc's standard challenge
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication", …, acr_values="face pwd",
 * max_age="300"} with a problem+json body naming R-WAL-3, and no money moves.
 */
@QuarkusTest
class StepUpTest {
    static final String CHALLENGE = "Bearer error=\"insufficient_user_authentication\", "
            + "error_description=\"A different authentication level is required\", acr_values=\"face pwd\", "
            + "max_age=\"300\"";

    @Inject
    Family family;

    @BeforeAll
    static void exact() {
        Api.exactAmounts();
    }

    record Pair(String sender, String payee) {
    }

    /** A father insured in Jiangsu (1,000.00 in his personal account) and his daughter with a wallet in Shenzhen. */
    Pair family() {
        String father = family.person("李强", "310", "320102");
        String daughter = family.person("李梅", "390", "440305");
        family.openRegion("320102");
        family.wallet(daughter, "440305");
        family.kin(father, daughter, "CHILD");
        family.kin(daughter, father, "PARENT");
        family.credit(father, 100_000);
        return new Pair(father, daughter);
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    ValidatableResponse transfer(String token, Pair f, String transferId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("""
                        {"transfer_id":"%s","from_psn_no":"%s","source":"PERSONAL","to_psn_no":"%s",
                         "to_psn_name":"李梅","amount":12.34}""".formatted(transferId, f.sender(), f.payee()))
                .post("/api/v1/transfers").then();
    }

    void refusedWithTheStepUpChallenge(Pair f, String token, String why) {
        String tid = UUID.randomUUID().toString();
        transfer(token, f, tid).statusCode(401)
                .header("WWW-Authenticate", equalTo(CHALLENGE))
                .contentType("application/problem+json")
                .body("code", equalTo("R-WAL-3"))
                .body("status", equalTo(401))
                .body("title", equalTo("Step-up authentication required"))
                .body("detail", containsString(why));
        nothingMoved(f, tid);
    }

    void nothingMoved(Pair f, String tid) {
        assertThat(family.balance(f.sender(), "PERSONAL")).isEqualTo(100_000);
        assertThat(family.balance(f.payee(), "WALLET")).isZero();
        assertThat(family.query("SELECT count(*) FROM wallet_transfer WHERE transfer_id = ?", rs -> rs.getLong(1),
                tid)).containsExactly(0L);
        assertThat(family.query("SELECT count(*) FROM outbox_event WHERE topic = 'transfer.completed' AND msg_key = ?",
                rs -> rs.getLong(1), f.sender())).containsExactly(0L);
    }

    void accepted(Pair f, String token) {
        transfer(token, f, UUID.randomUUID().toString()).statusCode(201)
                .header("WWW-Authenticate", nullValue())
                .body("status", equalTo("COMPLETED"));
        assertThat(family.balance(f.sender(), "PERSONAL")).isEqualTo(100_000 - 1_234);
        assertThat(family.balance(f.payee(), "WALLET")).isEqualTo(1_234);
    }

    @Test
    void a_fresh_face_verification_is_accepted() {
        Pair f = family();
        accepted(f, Tokens.personVerified(f.sender(), "face", now()));
    }

    @Test
    void a_fresh_password_verification_is_accepted() {
        Pair f = family();
        accepted(f, Tokens.personVerified(f.sender(), "pwd", now() - 60));
    }

    @Test
    void a_token_without_acr_gets_401_insufficient_user_authentication() {
        Pair f = family();
        refusedWithTheStepUpChallenge(f, Tokens.personVerified(f.sender(), null, now()), "the token has no acr");
    }

    @Test
    void an_acr_that_is_neither_face_nor_pwd_gets_401_insufficient_user_authentication() {
        Pair f = family();
        refusedWithTheStepUpChallenge(f, Tokens.personVerified(f.sender(), "sms", now()), "acr is 'sms'");
    }

    @Test
    void a_verification_6_minutes_old_gets_401_insufficient_user_authentication() {
        Pair f = family();
        refusedWithTheStepUpChallenge(f, Tokens.personVerified(f.sender(), "face", now() - 360),
                "less than 5 minutes old");
    }

    @Test
    void an_invalid_or_missing_token_gets_the_plain_bearer_challenge_not_a_step_up() {
        Pair f = family();
        String tid = UUID.randomUUID().toString();
        // fresh face verification, but issued by someone else than the realm
        String foreign = Jwt.preferredUserName("person-" + f.sender()).subject("person-" + f.sender())
                .groups(Set.of("person")).issuer("https://elsewhere.example.com")
                .audience("https://service.example.com").claim("psn_no", f.sender()).claim("acr", "face")
                .claim("auth_time", now()).jws().keyId("1").sign("privateKey.jwk");
        transfer(foreign, f, tid).statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHENTICATED"));
        // and no token at all
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/transfers").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHENTICATED"));
        nothingMoved(f, tid);
    }

    @Test
    void reading_a_transfer_needs_no_step_up() {
        Pair f = family();
        String tid = UUID.randomUUID().toString();
        transfer(Tokens.personVerified(f.sender()), f, tid).statusCode(201);
        given().auth().oauth2(Tokens.person(f.sender())).get("/api/v1/transfers/{t}", tid).then().statusCode(200)
                .header("WWW-Authenticate", nullValue()).body("status", equalTo("COMPLETED"));
    }
}
