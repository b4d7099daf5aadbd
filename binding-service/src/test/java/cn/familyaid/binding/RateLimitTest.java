package cn.familyaid.binding;

import cn.familyaid.binding.support.Family;
import cn.familyaid.binding.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** The per-caller rate limit on writes (rest/RateLimit), switched on with a limit of 3 writes a minute. */
@QuarkusTest
@TestProfile(RateLimitTest.Limited.class)
class RateLimitTest {

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("familyaid.rate-limit.enabled", "true", "familyaid.rate-limit.writes-per-minute", "3");
        }
    }

    static io.restassured.response.ValidatableResponse put(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Family.personBody("320102", "310", "1", null)).put("/api/v1/persons/{p}", Family.psn()).then();
    }

    @Test
    void a_caller_over_its_write_limit_gets_429_problem_with_retry_after_while_others_and_reads_go_on() {
        String limited = Tokens.platform("320000");
        for (int i = 0; i < 3; i++) {
            put(limited).statusCode(201);
        }
        put(limited).statusCode(429).contentType("application/problem+json").body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", notNullValue());
        put(Tokens.platform(Family.NATIONAL)).statusCode(201);
        given().auth().oauth2(limited).get("/api/v1/regions/{a}/policy", "320102").then().statusCode(200);
    }
}
