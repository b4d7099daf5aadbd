package cn.familyaid.settlement.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Answers a bearer token quarkus-oidc has verified before, from {@link BearerTokenCache}; answers nothing otherwise.
 * Quarkus asks the providers of a request type by descending {@link #priority()} and goes on to the next while one
 * answers nothing, so with a priority above quarkus-oidc's (the default, 1001) a miss is verified by quarkus-oidc as
 * if this provider were not there.
 */
@ApplicationScoped
public class CachedBearerIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    /** Above quarkus-oidc's {@code OidcIdentityProvider} (the default, 1001). */
    public static final int PRIORITY = 2000;

    @Inject
    BearerTokenCache cache;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().item(cache.lookup(request, context));
    }
}
