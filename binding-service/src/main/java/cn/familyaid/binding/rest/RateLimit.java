package cn.familyaid.binding.rest;

import cn.familyaid.binding.config.FamilyAidConfig;
import cn.familyaid.binding.problem.Problem;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-caller rate limit on the write endpoints (Bucket4j token buckets, one per authenticated caller, in this
 * instance's memory): over {@code familyaid.rate-limit.writes-per-minute} writes a minute, 429 problem+json
 * {@code RATE_LIMITED} with {@code Retry-After}. Off unless {@code RATE_LIMIT_ENABLED=true}; reads are not limited.
 * It runs after authentication, so a caller is who the token proves, never what a request claims.
 */
@ApplicationScoped
public class RateLimit {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Buckets are kept for this many callers at most; past it they are dropped (and start full again). */
    private static final int MAX_CALLERS = 100_000;

    @Inject
    FamilyAidConfig config;

    @Inject
    SecurityIdentity identity;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public Optional<Response> limit(ContainerRequestContext request) {
        if (!config.rateLimit().enabled() || !WRITES.contains(request.getMethod()) || identity.isAnonymous()) {
            return Optional.empty();
        }
        if (buckets.size() > MAX_CALLERS) {
            buckets.clear();
        }
        long perMinute = config.rateLimit().writesPerMinute();
        Bucket bucket = buckets.computeIfAbsent(identity.getPrincipal().getName(), k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return Optional.of(Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", seconds)
                .entity(Problem.of(429, "RATE_LIMITED", "Too Many Requests",
                        "more than " + perMinute + " writes a minute by this caller; retry after " + seconds + " s"))
                .build());
    }
}
