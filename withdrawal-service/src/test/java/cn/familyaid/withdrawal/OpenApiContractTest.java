package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.problem.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document a platform engineer codes against (issue 15), as the service serves it
 * ({@code /q/openapi?format=json}, on the management port): every operation has an operationId, a success response
 * with a body (or a 204), problem+json refusals with the one {@code Problem} schema, and its roles; the document has
 * servers, a license and a problem schema that is what {@code problem/Problem} writes.
 */
@QuarkusTest
class OpenApiContractTest {
    static final String PROBLEM_REF = "#/components/schemas/Problem";
    static final String PORT = "8084";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");

    static JsonNode doc;

    /** The document, from the management interface (a random port in tests, written back into the configuration). */
    static JsonNode document() throws Exception {
        if (doc == null) {
            int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
            String json = given().queryParam("format", "json").get("http://localhost:" + port + "/q/openapi")
                    .then().statusCode(200).extract().asString();
            doc = new ObjectMapper().readTree(json);
        }
        return doc;
    }

    @Test
    void every_operation_has_an_id_a_success_body_problem_refusals_and_its_roles() throws Exception {
        JsonNode paths = document().path("paths");
        List<String> faults = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = o.next();
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                operations++;
                String name = entry.getKey().toUpperCase() + " " + path.getKey();
                check(name, entry.getValue(), ids, faults);
            }
        }
        assertThat(operations).as("operations in the document").isPositive();
        assertThat(faults).as("OpenAPI faults").isEmpty();
    }

    private static void check(String name, JsonNode op, Map<String, String> ids, List<String> faults) {
        String id = op.path("operationId").asText("");
        if (id.isBlank()) {
            faults.add(name + ": no operationId");
        } else if (ids.put(id, name) != null) {
            faults.add(name + ": operationId " + id + " is also " + ids.get(id));
        }
        if (op.path("summary").asText("").isBlank()) {
            faults.add(name + ": no summary");
        }
        JsonNode responses = op.path("responses");
        boolean success = false;
        boolean refusal = false;
        for (Iterator<Map.Entry<String, JsonNode>> r = responses.fields(); r.hasNext(); ) {
            Map.Entry<String, JsonNode> response = r.next();
            String code = response.getKey();
            JsonNode content = response.getValue().path("content");
            if (code.equals("204")) {
                success = true;
            } else if (code.startsWith("2")) {
                for (JsonNode media : content) {
                    success |= meaningful(media.path("schema"));
                }
            } else if (code.startsWith("4") || code.startsWith("5")) {
                boolean problem = PROBLEM_REF.equals(content.path(Problem.MEDIA_TYPE).path("schema").path("$ref").asText());
                if (!problem || content.size() != 1) {
                    faults.add(name + ": " + code + " is not application/problem+json with the Problem schema");
                }
                refusal |= problem && code.startsWith("4");
                if (response.getValue().path("description").asText("").isBlank()) {
                    faults.add(name + ": " + code + " has no description");
                }
            }
        }
        if (!success) {
            faults.add(name + ": no 2xx response with a body schema (nor a 204)");
        }
        if (!refusal) {
            faults.add(name + ": no 4xx response with the Problem schema");
        }
        if (op.has("requestBody")) {
            boolean schema = false;
            for (JsonNode media : op.path("requestBody").path("content")) {
                schema |= meaningful(media.path("schema"));
            }
            if (!schema) {
                faults.add(name + ": request body without a schema");
            }
        }
        JsonNode security = op.path("security");
        if (security.isEmpty()) {
            faults.add(name + ": no security requirement (every endpoint of this service needs a bearer token)");
        }
        String description = op.path("description").asText("");
        for (JsonNode requirement : security) {
            for (JsonNode roles : requirement) {
                for (JsonNode role : roles) {
                    if (!description.contains("Roles allowed:") || !description.contains("`" + role.asText() + "`")) {
                        faults.add(name + ": role " + role.asText() + " not written in the description");
                    }
                }
            }
        }
    }

    /** A schema that says something: a reference, a type or a composition (not the {@code {}} of a raw Response). */
    private static boolean meaningful(JsonNode schema) {
        return schema.has("$ref") || schema.has("type") || schema.has("allOf") || schema.has("oneOf")
                || schema.has("anyOf") || schema.has("properties") || schema.has("items");
    }

    @Test
    void the_document_names_its_servers_license_version_and_bearer_scheme() throws Exception {
        JsonNode d = document();
        List<String> servers = new ArrayList<>();
        d.path("servers").forEach(s -> servers.add(s.path("url").asText()));
        assertThat(servers).as("servers").contains("https://api.family-aid.example", "http://localhost:" + PORT);
        JsonNode license = d.path("info").path("license");
        assertThat(license.path("name").asText("")).as("info.license.name").isNotBlank();
        assertThat(license.path("url").asText("") + license.path("identifier").asText("")).as("info.license url")
                .isNotBlank();
        assertThat(d.path("info").path("contact").isEmpty()).as("info.contact empty").isFalse();
        assertThat(d.path("info").path("description").asText("")).as("info.description").isNotBlank();
        assertThat(d.path("info").path("version").asText())
                .isEqualTo(ConfigProvider.getConfig().getValue("quarkus.application.version", String.class));
        JsonNode schemes = d.path("components").path("securitySchemes");
        assertThat(schemes.size()).as("security schemes").isEqualTo(1);
        JsonNode bearer = schemes.elements().next();
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(bearer.path("bearerFormat").asText()).isEqualTo("JWT");
    }

    @Test
    void the_problem_schema_is_what_the_problem_class_writes() throws Exception {
        JsonNode schemas = document().path("components").path("schemas");
        JsonNode problem = schemas.path("Problem");
        assertThat(names(problem.path("properties"))).as("Problem properties")
                .isEqualTo(components(Problem.class));
        assertThat(problem.path("properties").path("status").path("type").asText()).isEqualTo("integer");
        String item = problem.path("properties").path("errors").path("items").path("$ref").asText();
        assertThat(item).startsWith("#/components/schemas/");
        JsonNode fieldError = schemas.path(item.substring("#/components/schemas/".length()));
        assertThat(names(fieldError.path("properties"))).as("field error properties")
                .isEqualTo(components(Problem.FieldError.class));
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> components(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).forEach(c -> names.add(c.getName()));
        return names;
    }
}
