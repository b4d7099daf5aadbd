package cn.familyaid.withdrawal.openapi;

import cn.familyaid.withdrawal.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Completes the OpenAPI document ({@code mp.openapi.filter}, run at build time, so {@code target/openapi} and
 * {@code /q/openapi} are the same document) with what is the same for every operation, so that the resources
 * only state what is their own (operationId, success bodies, the refusals only they make):
 * <ul>
 * <li>the one problem schema, {@code components.schemas.Problem} ({@link Problem} as
 * {@code problem/ProblemMapper} writes it: {@code type, title, status, detail, code, errors[{field, message}]}),
 * and every error response (4xx, 5xx) that names no body gets it as {@code application/problem+json} (a resource
 * that names {@code Problem.class} itself refers to the same component, which this one replaces);</li>
 * <li>the refusals every operation of a kind can give: 400 {@code VALIDATION} where there is a body or a
 * parameter (strict JSON, bean validation, bad characters in parameters: {@code rest/JsonConfig},
 * {@code rest/EdgeGuard}), 413 where there is a body ({@code rest/EdgeGuard}), 401 where a token is required,
 * 403 {@code FORBIDDEN_ROLE} where a role is, 429 {@code RATE_LIMITED} on secured writes
 * ({@code rest/RateLimit});</li>
 * <li>the roles allowed (the scopes Quarkus derives from {@code @RolesAllowed}) written into the description.</li>
 * </ul>
 * A response the resource documents keeps its description; only a description the generator made up is replaced.
 */
public class ContractFilter implements OASFilter {
    public static final String PROBLEM = "Problem";
    public static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    static final String FIELD_ERROR = "FieldError";
    static final String ROLES = "Roles allowed: ";

    /** This service's own example of a refused field (the problem schema's example) and of a rule id. */
    static final String EXAMPLE_FIELD = "evidence[1].amount";
    static final String EXAMPLE_MESSAGE = "only an ITEMISED_BILL has an amount";
    static final String EXAMPLE_CODE = "VALIDATION";
    static final String EXAMPLE_TITLE = "Invalid request";
    static final String RULE_ID = "R-WD-4";

    private static final Set<PathItem.HttpMethod> WRITES = EnumSet.of(PathItem.HttpMethod.POST,
            PathItem.HttpMethod.PUT, PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);
    /** Descriptions the generator writes when the resource says nothing. */
    private static final Set<String> GENERATED = Set.of("Not Authorized", "Not Allowed", "Bad Request", "OK");

    static final String BAD_REQUEST = "`VALIDATION` (or the rule id of the field's rule): malformed JSON, an unknown"
            + " field, a field of the wrong type, missing or outside its rule, or a path/query parameter with a NUL"
            + " or an unpaired surrogate; `errors[]` names each field as on the wire and what it must be.";
    static final String UNAUTHENTICATED = "`UNAUTHENTICATED`: no bearer token, or one that is invalid, expired or"
            + " not issued for this API.";
    static final String FORBIDDEN_ROLE = "`FORBIDDEN_ROLE`: the token holds none of the roles allowed.";
    static final String TOO_LARGE = "`PAYLOAD_TOO_LARGE`: the declared body is larger than the limit"
            + " (`HTTP_MAX_BODY_BYTES`, 1 MiB by default).";
    static final String RATE_LIMITED = "`RATE_LIMITED`: more writes a minute by this caller than the limit"
            + " (`RATE_LIMIT_WRITES_PER_MINUTE`, when `RATE_LIMIT_ENABLED=true`); retry after `Retry-After` seconds.";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        Components components = api.getComponents();
        components.addSchema(FIELD_ERROR, fieldError());
        components.addSchema(PROBLEM, problem());
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) ->
                item.getOperations().forEach((method, op) -> complete(item, method, op)));
    }

    private static void complete(PathItem item, PathItem.HttpMethod method, Operation op) {
        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = op.getResponses();
        boolean body = op.getRequestBody() != null;
        boolean parameters = (op.getParameters() != null && !op.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty());
        Set<String> roles = roles(op);
        boolean secured = op.getSecurity() != null && !op.getSecurity().isEmpty();
        if (body || parameters) {
            ensure(responses, "400", BAD_REQUEST);
        }
        if (body) {
            ensure(responses, "413", TOO_LARGE);
        }
        if (secured) {
            ensure(responses, "401", UNAUTHENTICATED).addHeader("WWW-Authenticate", header(
                    "`Bearer` (RFC 6750), with `error` and `error_description` when a token was given"));
            if (!roles.isEmpty()) {
                APIResponse forbidden = ensure(responses, "403", FORBIDDEN_ROLE);
                if (!forbidden.getDescription().contains("FORBIDDEN_ROLE")) {
                    forbidden.setDescription(forbidden.getDescription() + " " + FORBIDDEN_ROLE);
                }
            } else if (responses.getAPIResponse("403") != null
                    && GENERATED.contains(responses.getAPIResponse("403").getDescription())) {
                // any authenticated caller (@Authenticated): no role to lack, the generator's 403 can't happen
                responses.removeAPIResponse("403");
            }
            if (WRITES.contains(method)) {
                ensure(responses, "429", RATE_LIMITED).addHeader("Retry-After",
                        header("seconds until this caller may write again"));
            }
            String list = roles.isEmpty() ? "any authenticated caller" : "`" + String.join("`, `", roles) + "`";
            String description = op.getDescription() == null ? "" : op.getDescription().strip();
            if (!description.contains(ROLES)) {
                op.setDescription((description.isEmpty() ? "" : description + "\n\n") + ROLES + list + ".");
            }
        }
        Map<String, APIResponse> sorted = new TreeMap<>(responses.getAPIResponses());
        sorted.forEach((code, response) -> {
            if ((code.startsWith("4") || code.startsWith("5"))
                    && (response.getContent() == null || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(problemContent());
            }
        });
        responses.setAPIResponses(new LinkedHashMap<>(sorted));
    }

    /** The response for {@code code}, added with {@code description} when absent; a generated text replaced. */
    private static APIResponse ensure(APIResponses responses, String code, String description) {
        APIResponse r = responses.getAPIResponse(code);
        if (r == null) {
            r = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(code, r);
        } else if (r.getDescription() == null || r.getDescription().isBlank() || GENERATED.contains(r.getDescription())) {
            r.setDescription(description);
        }
        return r;
    }

    /** The roles of the operation's security requirements (Quarkus writes {@code @RolesAllowed} there). */
    static Set<String> roles(Operation op) {
        Set<String> roles = new TreeSet<>();
        if (op.getSecurity() != null) {
            for (SecurityRequirement requirement : op.getSecurity()) {
                if (requirement.getSchemes() != null) {
                    requirement.getSchemes().values().forEach(r -> {
                        if (r != null) {
                            roles.addAll(r);
                        }
                    });
                }
            }
        }
        return roles;
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    public static Content problemContent() {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF));
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    private static Schema fieldError() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("One refused field.")
                .addRequired("field").addRequired("message")
                .addProperty("field", string("The field as on the wire (snake_case; nested ones dotted, list items"
                        + " indexed: `a.b`, `a[1].b`), `body` for the body as a whole, or the name of the path or"
                        + " query parameter.").examples(List.of(EXAMPLE_FIELD)))
                .addProperty("message", string("What the field must be (the rule it broke).")
                        .examples(List.of(EXAMPLE_MESSAGE)));
    }

    private static Schema problem() {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "https://family-aid.cn/problems/" + EXAMPLE_CODE);
        example.put("title", EXAMPLE_TITLE);
        example.put("status", 400);
        example.put("detail", EXAMPLE_FIELD + ": " + EXAMPLE_MESSAGE);
        example.put("code", EXAMPLE_CODE);
        example.put("errors", List.of(Map.of("field", EXAMPLE_FIELD, "message", EXAMPLE_MESSAGE)));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details, `application/problem+json`, with the id of the rule that"
                        + " was broken (`code`). Every error this service answers has this shape.")
                .addRequired("type").addRequired("title").addRequired("status").addRequired("code")
                .addProperty("type", string("`https://family-aid.cn/problems/<code>`.").format("uri"))
                .addProperty("title", string("Short summary of the kind of problem (`Invalid request`, `Forbidden`,"
                        + " `Not found`, `Conflict`, `Refused by rule R-…`)."))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status code."))
                .addProperty("detail", string("What happened in this request (names no other person's data)."))
                .addProperty("code", string("The rule id (`" + RULE_ID + "`, …) or error code (`VALIDATION`,"
                        + " `UNAUTHENTICATED`, `FORBIDDEN_ROLE`, `FORBIDDEN_PERSON`, `FORBIDDEN_REGION`, `NOT_FOUND`,"
                        + " `CONFLICT`, `IDEMPOTENCY_CONFLICT`, `RATE_LIMITED`, `INTERNAL`, …); stable, to branch on."))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("Present for field errors (400): one entry per refused field, sorted by field.")
                        .items(OASFactory.createSchema().ref("#/components/schemas/" + FIELD_ERROR)))
                .examples(List.of(example));
    }
}
