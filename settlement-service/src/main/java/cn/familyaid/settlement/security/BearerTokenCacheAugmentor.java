package cn.familyaid.settlement.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Stores in {@link BearerTokenCache} the identity quarkus-oidc produced for a token {@link CachedBearerIdentityProvider}
 * did not know. Augmentors run by descending priority after a provider answered, only for an identity (a token that
 * fails verification never gets here); this one runs first, so it stores what quarkus-oidc made, before any other
 * augmentor changes it. It changes nothing itself.
 */
@ApplicationScoped
public class BearerTokenCacheAugmentor implements SecurityIdentityAugmentor {
    @Inject
    BearerTokenCache cache;

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(identity);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
                                         Map<String, Object> attributes) {
        cache.remember(identity, attributes);
        return Uni.createFrom().item(identity);
    }
}
