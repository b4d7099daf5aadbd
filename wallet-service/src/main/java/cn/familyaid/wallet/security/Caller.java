package cn.familyaid.wallet.security;

import cn.familyaid.wallet.problem.RuleViolation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the OIDC access token: role ({@code platform, institution, agency, person})
 * and the claims that scope it ({@code admdvs}, {@code psn_no}, {@code fixmedins_code}).
 */
@RequestScoped
public class Caller {
    public static final String PLATFORM = "platform";
    public static final String INSTITUTION = "institution";
    public static final String AGENCY = "agency";
    public static final String PERSON = "person";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken jwt;

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    public String psnNo() {
        return claim("psn_no");
    }

    public String admdvs() {
        return claim("admdvs");
    }

    public String fixmedinsCode() {
        return claim("fixmedins_code");
    }

    /** Operator recorded with counter and platform actions: the token's subject. */
    public String operator() {
        String user = claim("preferred_username");
        return user != null ? user : jwt.getSubject();
    }

    public boolean isPerson(String psnNo) {
        return is(PERSON) && psnNo != null && psnNo.equals(psnNo());
    }

    /** True when the token's {@code admdvs} scope covers the region (root README, Contract conventions). */
    public boolean covers(String regionAdmdvs) {
        return RegionScope.covers(admdvs(), regionAdmdvs);
    }

    /** Refuses unless a platform or agency caller's scope covers the region. */
    public void requireScope(String regionAdmdvs) {
        if (!covers(regionAdmdvs)) {
            throw RuleViolation.forbidden("FORBIDDEN_REGION",
                    "the caller's admdvs scope does not cover region " + regionAdmdvs);
        }
    }

    private String claim(String name) {
        Object v = jwt.getClaim(name);
        return v == null ? null : v.toString().replace("\"", "");
    }
}
