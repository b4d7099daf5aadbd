package cn.familyaid.settlement;

import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Metrics;
import cn.familyaid.settlement.support.OidcVerifications;
import cn.familyaid.settlement.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Bearer tokens are verified once per token lifetime (security/BearerTokenCache, README "Security"): the same token
 * again is answered from the cache, not verified again (counted by support/OidcVerifications, which sees every
 * request that goes on to quarkus-oidc); an expired token is refused even though it was cached; a token differing in
 * one character of its signature is verified (and refused) on its own; each token gets its own caller's claims.
 * The probe request is an institution's own impersonation-attempt list: 200 for its own {@code fixmedins_code},
 * 403 {@code FORBIDDEN_INSTITUTION} for another's, 401 without a valid token.
 */
@QuarkusTest
class BearerTokenCacheTest {

    static ValidatableResponse attempts(String token, String code) {
        return given().auth().oauth2(token).queryParam("fixmedins_code", code)
                .get("/api/v1/impersonation-attempts").then();
    }

    static String code() {
        return Fixtures.id("P").substring(0, 12);
    }

    static double cached() {
        return Metrics.value("familyaid_bearer_tokens_total", Map.of("result", "cached"));
    }

    @Test
    void the_same_token_again_is_not_verified_again() {
        String code = code();
        String token = Tokens.institution(code);
        double before = cached();

        attempts(token, code).statusCode(200);
        attempts(token, code).statusCode(200);
        attempts(token, code).statusCode(200);

        assertThat(OidcVerifications.of(token)).as("requests with the token that reached quarkus-oidc").isEqualTo(1);
        assertThat(cached() - before).as("answers from the cache").isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_cached_token_is_refused_once_its_exp_has_passed() throws InterruptedException {
        String code = code();
        long exp = System.currentTimeMillis() / 1000 + 3;
        String token = Tokens.institutionUntil(code, exp);

        attempts(token, code).statusCode(200);
        attempts(token, code).statusCode(200);
        assertThat(OidcVerifications.of(token)).as("verified once, then cached").isEqualTo(1);

        while (System.currentTimeMillis() < (exp + 2) * 1000) {
            Thread.sleep(200);
        }
        attempts(token, code).statusCode(401);
        assertThat(OidcVerifications.of(token)).as("after exp the token went to quarkus-oidc again").isEqualTo(2);
    }

    @Test
    void a_token_with_one_character_of_its_signature_changed_is_refused_after_the_good_one_was_cached() {
        String code = code();
        String token = Tokens.institution(code);
        attempts(token, code).statusCode(200);
        attempts(token, code).statusCode(200);
        assertThat(OidcVerifications.of(token)).isEqualTo(1);

        // a character in the middle of the signature (the last one may only carry padding bits)
        int at = token.lastIndexOf('.') + 20;
        char c = token.charAt(at);
        String tampered = token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
        assertThat(tampered).isNotEqualTo(token).hasSameSizeAs(token);

        attempts(tampered, code).statusCode(401);
        attempts(tampered, code).statusCode(401);
        assertThat(OidcVerifications.of(tampered)).as("a refused token is never cached").isEqualTo(2);
        attempts(token, code).statusCode(200);
        assertThat(OidcVerifications.of(token)).isEqualTo(1);
    }

    @Test
    void two_institutions_tokens_each_get_their_own_claims_from_the_cache() {
        String a = code();
        String b = code();
        String tokenA = Tokens.institution(a);
        String tokenB = Tokens.institution(b);
        attempts(tokenA, a).statusCode(200);
        attempts(tokenB, b).statusCode(200);

        for (int i = 0; i < 2; i++) {
            attempts(tokenA, a).statusCode(200);
            attempts(tokenA, b).statusCode(403).body("code", equalTo("FORBIDDEN_INSTITUTION"));
            attempts(tokenB, b).statusCode(200);
            attempts(tokenB, a).statusCode(403).body("code", equalTo("FORBIDDEN_INSTITUTION"));
        }
        assertThat(OidcVerifications.of(tokenA)).as("A's token verified once").isEqualTo(1);
        assertThat(OidcVerifications.of(tokenB)).as("B's token verified once").isEqualTo(1);
    }
}
