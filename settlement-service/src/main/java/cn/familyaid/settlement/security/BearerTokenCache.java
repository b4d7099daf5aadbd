package cn.familyaid.settlement.security;

import cn.familyaid.settlement.config.FamilyAidConfig;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.HashMap;
import java.util.Map;

/**
 * Verifying each bearer token once per token lifetime (issue 10). quarkus-oidc 3.34 verifies a JWT access token on
 * every request (parse, RSA signature, claims); its {@code quarkus.oidc.token-cache} only serves introspection and
 * UserInfo. The POS systems send the same token for its whole lifetime, so the identity quarkus-oidc made for a token
 * is remembered in {@link VerifiedTokens} and given again to a request with exactly that token:
 * <ul>
 * <li>{@link CachedBearerIdentityProvider} runs before quarkus-oidc's provider: a hit answers the identity, a miss
 * answers nothing, so quarkus-oidc verifies as always;</li>
 * <li>{@link BearerTokenCacheAugmentor} runs first on the identity quarkus-oidc produced for a miss and stores it.</li>
 * </ul>
 * Only the default tenant's bearer access tokens (JWT) are cached; a token that fails verification produces no
 * identity and so is never stored; an entry lives until the token's {@code exp}, at most {@code max-age}.
 */
@ApplicationScoped
public class BearerTokenCache {
    /** quarkus-oidc's name of the default tenant, in the routing context and the identity ({@code tenant-id}). */
    static final String DEFAULT_TENANT = "Default";
    static final String TENANT_ID = "tenant-id";
    /** Request attribute: this request's token key, set on a miss so the augmentor stores what quarkus-oidc made. */
    static final String PENDING_KEY = BearerTokenCache.class.getName() + ".pending-key";
    static final String METRIC = "familyaid.bearer.tokens";

    @Inject
    FamilyAidConfig config;

    @Inject
    MeterRegistry meters;

    private VerifiedTokens tokens;
    private Counter hits;
    private Counter verified;

    @PostConstruct
    void init() {
        FamilyAidConfig.TokenCache c = config.tokenCache();
        tokens = new VerifiedTokens(c.maxSize(), c.maxAge(), Ticker.systemTicker(), System::currentTimeMillis);
        hits = Counter.builder(METRIC).tag("result", "cached").register(meters);
        verified = Counter.builder(METRIC).tag("result", "verified").register(meters);
    }

    /**
     * The identity remembered for this request's token, made this request's own (its routing context), or null: not
     * cached, off, not the default tenant's bearer token. On a miss the request is marked for {@link #remember}.
     */
    SecurityIdentity lookup(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!config.tokenCache().enabled() || !(request.getToken() instanceof AccessTokenCredential)) {
            return null;
        }
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (rc == null || !DEFAULT_TENANT.equals(rc.get(TENANT_ID))) {
            return null;
        }
        String key = VerifiedTokens.key(request.getToken().getToken());
        SecurityIdentity stored = tokens.get(key);
        if (stored == null) {
            request.setAttribute(PENDING_KEY, key);
            return null;
        }
        hits.increment();
        Map<String, Object> own = new HashMap<>();
        own.put(RoutingContext.class.getName(), rc);
        own.put(AuthenticationRequestContext.class.getName(), context);
        return copy(stored, own);
    }

    /**
     * Stores the identity quarkus-oidc made for a request {@link #lookup} missed, when it is the default tenant's, for
     * this very token, with a JWT principal that has an {@code exp}.
     */
    void remember(SecurityIdentity identity, Map<String, Object> requestAttributes) {
        Object key = requestAttributes.get(PENDING_KEY);
        if (!(key instanceof String k) || identity.isAnonymous() || !(identity instanceof QuarkusSecurityIdentity)
                || !DEFAULT_TENANT.equals(identity.getAttribute(TENANT_ID))
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential == null || credential.isOpaque() || !k.equals(VerifiedTokens.key(credential.getToken()))) {
            return;
        }
        if (tokens.put(k, copy(identity, Map.of()), jwt.getExpirationTime())) {
            verified.increment();
        }
    }

    /**
     * The same identity — principal, roles, credentials, permissions, attributes — without the request it was made
     * for (routing context, request context), plus {@code own}: stored entries keep no request alive.
     */
    private static SecurityIdentity copy(SecurityIdentity identity, Map<String, Object> own) {
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        attributes.remove(RoutingContext.class.getName());
        attributes.remove(AuthenticationRequestContext.class.getName());
        attributes.putAll(own);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addPermissions(identity.getPermissions())
                .addAttributes(attributes)
                .build();
    }
}
