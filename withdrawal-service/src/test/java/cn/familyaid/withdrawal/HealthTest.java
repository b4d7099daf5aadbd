package cn.familyaid.withdrawal;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The service starts against the real database and broker and reports itself ready. */
@QuarkusTest
class HealthTest {
    @Test
    void ready_against_real_database_and_broker() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void unknown_paths_are_404() {
        given().get("/api/v1/nothing-here").then().statusCode(404);
    }
}
