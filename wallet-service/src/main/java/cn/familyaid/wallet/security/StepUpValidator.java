package cn.familyaid.wallet.security;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.TenantFeature;
import io.quarkus.oidc.common.runtime.OidcConstants;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.Validator;

import java.util.Map;
import java.util.Set;

/**
 * R-WAL-3 step-up (RFC 9470): a transfer needs strong verification of the sender at the moment of sending — face
 * verification or the 医保码 password ({@code acr} face or pwd), done within the last 5 minutes ({@code auth_time}).
 *
 * <p>It is a quarkus-oidc token validator (a Jose4j {@link Validator}) of the OIDC tenant {@value #TENANT}, which
 * {@code TransferResource} selects with {@code @Tenant} for {@code POST /transfers} only. It runs while quarkus-oidc
 * verifies the token, where {@code @AuthenticationContext} would run; a refusal is the
 * {@link AuthenticationFailedException} carrying {@code acr_values} and {@code max_age}, from which quarkus-oidc's
 * bearer mechanism writes the standard challenge {@code WWW-Authenticate: Bearer
 * error="insufficient_user_authentication", …, acr_values="face pwd", max_age="300"} (ProblemMapper adds the
 * problem+json body naming R-WAL-3).
 *
 * <p>Why not {@code @AuthenticationContext(value = {"face", "pwd"}, maxAge = "PT5M")}: in quarkus-oidc 3.34.2 the
 * listed values are all required (an {@code acr} array must contain every one of them, a string {@code acr} passes
 * only when exactly one value is listed), so that annotation would refuse a face token and a pwd token alike; it
 * cannot say "face or pwd".
 */
@Unremovable
@ApplicationScoped
@TenantFeature(StepUpValidator.TENANT)
public class StepUpValidator implements Validator {
    /** The OIDC tenant of the endpoints that need step-up (its configuration mirrors the default tenant's). */
    public static final String TENANT = "step-up";
    /** The accepted {@code acr} values, in order of preference (the challenge's {@code acr_values}). */
    public static final String ACR_VALUES = "face pwd";
    public static final Set<String> ACCEPTED = Set.of(ACR_VALUES.split(" "));
    public static final long MAX_AGE_SECONDS = 300;
    /** An {@code auth_time} ahead of this service's clock by more than this is refused (clock skew allowance). */
    static final long FUTURE_SKEW_SECONDS = 60;

    @Override
    public String validate(JwtContext context) {
        JwtClaims claims = context.getJwtClaims();
        Object acr = claims.getClaimValue(OidcConstants.ACR);
        if (!(acr instanceof String value) || !ACCEPTED.contains(value)) {
            throw refusal(acr == null
                    ? "the transfer needs face or 医保码 password verification; the token has no acr"
                    : "the transfer needs face or 医保码 password verification (acr face or pwd); the token's acr is "
                            + (acr instanceof String ? "'" + acr + "'" : "not a string"));
        }
        Object authTime = claims.getClaimValue("auth_time");
        if (!(authTime instanceof Number n)) {
            throw refusal("the token does not say when the verification was done (no numeric auth_time)");
        }
        long now = System.currentTimeMillis() / 1000;
        long age = now - n.longValue();
        if (age > MAX_AGE_SECONDS || age < -FUTURE_SKEW_SECONDS) {
            throw refusal("the verification must be less than 5 minutes old; it was done " + age + " s ago");
        }
        return null;
    }

    /**
     * The attributes are the ones quarkus-oidc's own step-up policy sets: its bearer mechanism turns them into the
     * {@code insufficient_user_authentication} challenge (and quarkus-oidc lets a validator's failure carrying
     * {@code acr_values} through as it is, instead of a plain invalid-token failure).
     */
    private static AuthenticationFailedException refusal(String detail) {
        return new AuthenticationFailedException(detail, Map.of(OidcConstants.ACR_VALUES, ACR_VALUES,
                OidcConstants.MAX_AGE, Long.toString(MAX_AGE_SECONDS)));
    }

    /** True when a 401 is a step-up refusal (as quarkus-oidc decides whether to send the step-up challenge). */
    public static boolean isStepUpRefusal(AuthenticationFailedException e) {
        return e.getAttribute(OidcConstants.ACR_VALUES) != null || e.getAttribute(OidcConstants.MAX_AGE) != null;
    }
}
