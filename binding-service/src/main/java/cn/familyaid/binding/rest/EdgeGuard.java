package cn.familyaid.binding.rest;

import cn.familyaid.binding.config.FamilyAidConfig;
import cn.familyaid.binding.problem.Problem;
import cn.familyaid.binding.problem.RuleViolation;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * The edge of the HTTP server, before any resource or SQL sees a request.
 * <ul>
 * <li>Limits of the request line (414), the headers (431) and a declared body (413), answered as problem+json.
 * Vert.x's own codec limits ({@code quarkus.http.limits.*}) are set well above these so that an over-limit request
 * reaches this handler; only one beyond the codec's limits still gets Vert.x's bare answer.</li>
 * <li>NUL characters and unpaired surrogates in path and query parameters: 400 naming the parameter (in bodies,
 * {@link JsonConfig.TextGuard} refuses them).</li>
 * </ul>
 */
@ApplicationScoped
public class EdgeGuard {
    @Inject
    FamilyAidConfig config;

    private static final ObjectMapper JSON = new ObjectMapper();

    void limits(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkLimits);
    }

    void checkLimits(RoutingContext rc) {
        HttpServerRequest r = rc.request();
        int line = r.method().name().length() + 1 + r.uri().length() + 9;
        if (line > config.http().maxRequestLine()) {
            refuse(rc, 414, "URI_TOO_LONG", "URI Too Long",
                    "the request line is longer than " + config.http().maxRequestLine() + " bytes");
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> h : r.headers()) {
            headers += h.getKey().length() + h.getValue().length() + 4;
        }
        if (headers > config.http().maxHeaderBytes()) {
            refuse(rc, 431, "HEADERS_TOO_LARGE", "Request Header Fields Too Large",
                    "the request headers are larger than " + config.http().maxHeaderBytes() + " bytes");
            return;
        }
        String length = r.getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                refuse(rc, 400, "VALIDATION", "Invalid request", "Content-Length is not a number");
                return;
            }
            if (declared > config.http().maxBodyBytes()) {
                refuse(rc, 413, "PAYLOAD_TOO_LARGE", "Content Too Large",
                        "the request body is larger than " + config.http().maxBodyBytes() + " bytes");
                return;
            }
        }
        rc.next();
    }

    private static void refuse(RoutingContext rc, int status, String code, String title, String detail) {
        String body;
        try {
            body = JSON.writeValueAsString(Problem.of(status, code, title, detail));
        } catch (Exception e) {
            body = "{\"status\":" + status + ",\"code\":\"" + code + "\"}";
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close").end(body);
    }

    /**
     * Path and query parameters: no NUL, no unpaired surrogate (PostgreSQL would refuse or corrupt them); refused
     * like any other bad field, through the service's problem mapping.
     */
    @ServerRequestFilter
    public void parameters(UriInfo uri) {
        check(uri.getPathParameters());
        check(uri.getQueryParameters());
    }

    private static void check(MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            for (String v : p.getValue()) {
                String why = v == null ? null : JsonConfig.badText(v);
                if (why != null) {
                    throw RuleViolation.badField(p.getKey(), "VALIDATION", why);
                }
            }
        }
    }
}
