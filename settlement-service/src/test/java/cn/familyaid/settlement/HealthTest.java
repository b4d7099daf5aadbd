package cn.familyaid.settlement;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The service starts against the real database and broker and reports itself ready. */
@QuarkusTest
class HealthTest {
    @TestHTTPResource(value = "/q/health/ready")
    URL readyOnApiPort;

    @Test
    void ready_against_real_database_and_broker() {
        // health is on the management interface, a port of its own that the gateway never routes (a random one in
        // tests, which Quarkus writes back into the configuration once it listens)
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        given().get("http://localhost:" + port + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void health_is_not_on_the_api_port() {
        given().get(readyOnApiPort).then().statusCode(404);
    }

    @Test
    void unknown_paths_are_404() {
        given().get("/api/v1/nothing-here").then().statusCode(404);
    }
}
