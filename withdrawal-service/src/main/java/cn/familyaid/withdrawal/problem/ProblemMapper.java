package cn.familyaid.withdrawal.problem;

import cn.familyaid.withdrawal.rest.JsonConfig;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The one place where failures become {@code application/problem+json}. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    @ServerExceptionMapper
    public Response rule(RuleViolation e) {
        return respond(e.toProblem());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem("https://family-aid.cn/problems/VALIDATION", "Invalid request", 400, detail,
                "VALIDATION", errors));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = "body";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
        }
        String message = "malformed or of the wrong type";
        if (e instanceof JsonConfig.BadText) {
            message = e.getOriginalMessage();
        } else if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            Class<?> t = mi.getTargetType();
            if (t.isEnum()) {
                message = "must be one of the codes, as a JSON string";
            } else if (t == LocalDate.class) {
                message = "must be a date yyyy-MM-dd";
            } else if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
                message = "must be a whole number";
            }
        }
        return respond(new Problem("https://family-aid.cn/problems/VALIDATION", "Invalid request", 400,
                field + ": " + message, "VALIDATION", List.of(new Problem.FieldError(field, message))));
    }

    /**
     * quarkus-rest-jackson ships its own mappers for these (answering a non-problem body); more specific
     * exception types win, so they are mapped here explicitly to keep one error shape.
     */
    @ServerExceptionMapper({MismatchedInputException.class,
            InvalidFormatException.class,
            UnrecognizedPropertyException.class,
            ValueInstantiationException.class,
            JsonParseException.class})
    public Response unreadableSpecific(Exception e) {
        return unreadable((JsonProcessingException) e);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of(401, "UNAUTHENTICATED", "Unauthorized", "a valid bearer token is required"))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "FORBIDDEN_ROLE", "Forbidden", "this role may not call this endpoint"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException j) {
            return unreadable(j);
        }
        return respond(Problem.of(status, "HTTP_" + status, e.getResponse().getStatusInfo().getReasonPhrase(),
                e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        // the database guards invariants too (unique keys, exclusion, checks): a concurrent request that
        // slipped past the service checks lands here; the caller sees a conflict, nothing was written
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("23") || sql.getSQLState().equals("40P01")
                    || sql.getSQLState().equals("40001"))) {
                LOG.infof("request refused by a database guard: SQLState %s", sql.getSQLState());
                return respond(Problem.of(409, "CONFLICT", "Conflict",
                        "the request conflicts with a concurrent or existing change; nothing was written"));
            }
        }
        LOG.error("unexpected failure", e);
        return respond(Problem.of(500, "INTERNAL", "Internal error", "the request could not be completed"));
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        // property path looks like "put.arg1.certno": keep what follows the method argument
        // and name it as on the wire (snake_case)
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        String field = parts.length > 2 ? String.join(".", Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
