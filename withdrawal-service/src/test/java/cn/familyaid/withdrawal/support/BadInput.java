package cn.familyaid.withdrawal.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static io.restassured.RestAssured.given;

/**
 * A table-driven corpus of malformed requests for one write endpoint: each case must answer 4xx
 * application/problem+json with a {@code code} (and the field, where one field is at fault), and write nothing
 * (the {@code written} counter — rows this service writes on every accepted change — does not move).
 */
public final class BadInput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NUL = "__NUL__";
    private static final String SURROGATE = "__SURROGATE__";

    /** One write endpoint: a valid body, which of its fields are codes (enums), dates, integers. */
    public record Endpoint(String method, String path, String token, Map<String, Object> valid, List<String> strings,
                           List<String> codes, List<String> dates, List<String> integers, List<String> amounts) {
    }

    record Case(String name, String body, String contentType, String field) {
    }

    private BadInput() {
    }

    public static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body).replace(NUL, "\\u0000").replace(SURROGATE, "\\ud800");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the body with one (possibly nested, dotted) field set. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = deepCopy(body);
        String[] parts = field.split("\\.");
        Map<String, Object> m = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            m = (Map<String, Object>) m.get(parts[i]);
        }
        m.put(parts[parts.length - 1], value);
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>();
        body.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
        return copy;
    }

    static List<Case> corpus(Endpoint e) {
        List<Case> cases = new ArrayList<>();
        String json = "application/json";
        cases.add(new Case("invalid JSON", "{\"a\":", json, null));
        cases.add(new Case("empty body", "", json, null));
        cases.add(new Case("array instead of object", "[" + json(e.valid()) + "]", json, null));
        cases.add(new Case("wrong content type", json(e.valid()), "text/plain", null));
        cases.add(new Case("unknown field", json(with(e.valid(), "unexpected_field", "x")), json, "unexpected_field"));
        for (String f : e.strings()) {
            cases.add(new Case("NUL in " + f, json(with(e.valid(), f, "A" + NUL + "B")), json, f));
            cases.add(new Case("lone surrogate in " + f, json(with(e.valid(), f, "A" + SURROGATE)), json, f));
            cases.add(new Case("100 KB string in " + f, json(with(e.valid(), f, "x".repeat(100_000))), json, f));
            cases.add(new Case("number for string " + f, json(with(e.valid(), f, 12345)), json, f));
        }
        for (String f : e.codes()) {
            cases.add(new Case("integer for code " + f, json(with(e.valid(), f, 0)), json, f));
            cases.add(new Case("integer 2 for code " + f, json(with(e.valid(), f, 2)), json, f));
        }
        for (String f : e.dates()) {
            cases.add(new Case("date-time for date " + f, json(with(e.valid(), f, "2026-11-30T23:30:00Z")), json, f));
            cases.add(new Case("dd/MM/yyyy for date " + f, json(with(e.valid(), f, "30/11/2026")), json, f));
        }
        for (String f : e.integers()) {
            cases.add(new Case("fraction for integer " + f, json(with(e.valid(), f, new BigDecimal("3.5"))), json, f));
            cases.add(new Case("string for integer " + f, json(with(e.valid(), f, "3")), json, f));
        }
        for (String f : e.amounts()) {
            cases.add(new Case("negative amount " + f, json(with(e.valid(), f, new BigDecimal("-1.00"))), json, f));
            cases.add(new Case("3-decimal amount " + f, json(with(e.valid(), f, new BigDecimal("1.001"))), json, f));
            cases.add(new Case("string amount " + f, json(with(e.valid(), f, "10")), json, f));
            cases.add(new Case("1e309 amount " + f, json(e.valid()).replaceFirst("\"" + last(f) + "\":[^,}]+", "\"" + last(f) + "\":1e309"), json, f));
            cases.add(new Case("huge amount " + f, json(with(e.valid(), f, new BigDecimal("99999999999999999999.00"))), json, f));
        }
        return cases;
    }

    /** Runs the corpus; returns one line per case that was not a clean 4xx problem+json writing nothing. */
    public static List<String> failures(Endpoint e, LongSupplier written) {
        List<String> failures = new ArrayList<>();
        for (Case c : corpus(e)) {
            long before = written.getAsLong();
            var spec = given().auth().oauth2(e.token()).contentType(c.contentType()).body(c.body());
            Response r = spec.request(e.method(), e.path());
            int status = r.statusCode();
            String type = r.contentType();
            String where = e.method() + " " + e.path() + " / " + c.name() + ": ";
            if (status < 400 || status >= 500) {
                failures.add(where + "status " + status);
                continue;
            }
            if (type == null || !type.startsWith("application/problem+json")) {
                failures.add(where + "content type " + type);
                continue;
            }
            if (r.jsonPath().getString("code") == null) {
                failures.add(where + "no code");
            }
            if (c.field() != null && !r.asString().contains(c.field().substring(c.field().lastIndexOf('.') + 1))) {
                failures.add(where + "the field is not named: " + r.asString());
            }
            if (written.getAsLong() != before) {
                failures.add(where + "something was written");
            }
        }
        return failures;
    }

    static String last(String field) {
        return field.substring(field.lastIndexOf('.') + 1);
    }

    public static int size(Endpoint e) {
        return corpus(e).size();
    }
}
