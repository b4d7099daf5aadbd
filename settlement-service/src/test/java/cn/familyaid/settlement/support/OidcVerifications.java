package cn.familyaid.settlement.support;

import cn.familyaid.settlement.security.CachedBearerIdentityProvider;
import cn.familyaid.settlement.security.VerifiedTokens;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts, per token, the requests that reach quarkus-oidc's verification: a provider between the cache's
 * ({@link CachedBearerIdentityProvider#PRIORITY}) and quarkus-oidc's (1001) that answers nothing, so Quarkus goes on
 * to quarkus-oidc every time it is asked — exactly when the cache did not answer.
 */
@ApplicationScoped
public class OidcVerifications implements IdentityProvider<TokenAuthenticationRequest> {
    private static final ConcurrentHashMap<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    /** How often requests with this token went on to quarkus-oidc. */
    public static int of(String token) {
        AtomicInteger n = COUNTS.get(VerifiedTokens.key(token));
        return n == null ? 0 : n.get();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return 1500;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        COUNTS.computeIfAbsent(VerifiedTokens.key(request.getToken().getToken()), k -> new AtomicInteger())
                .incrementAndGet();
        return Uni.createFrom().nullItem();
    }
}
