package cn.familyaid.wallet.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.time.Instant;
import java.util.Set;

/** Signed test tokens, accepted by the OIDC test server's JWKS, with this system's claims. */
public final class Tokens {
    private Tokens() {
    }

    public static String platform(String admdvs) {
        return base("platform-" + admdvs, "platform").claim("admdvs", admdvs).jws().keyId("1").sign("privateKey.jwk");
    }

    public static String agency(String admdvs) {
        return base("agency-" + admdvs, "agency").claim("admdvs", admdvs).jws().keyId("1").sign("privateKey.jwk");
    }

    public static String person(String psnNo) {
        return base("person-" + psnNo, "person").claim("psn_no", psnNo).jws().keyId("1").sign("privateKey.jwk");
    }

    /** A person's token after step-up verification ({@code acr} face|pwd) at {@code authTime} (epoch seconds). */
    public static String personVerified(String psnNo, String acr, long authTime) {
        JwtClaimsBuilder b = base("person-" + psnNo, "person").claim("psn_no", psnNo).claim("auth_time", authTime);
        if (acr != null) {
            b.claim("acr", acr);
        }
        return b.jws().keyId("1").sign("privateKey.jwk");
    }

    /** Face-verified just now. */
    public static String personVerified(String psnNo) {
        return personVerified(psnNo, "face", Instant.now().getEpochSecond());
    }

    public static String institution(String code) {
        return base("inst-" + code, "institution").claim("fixmedins_code", code).jws().keyId("1")
                .sign("privateKey.jwk");
    }

    private static JwtClaimsBuilder base(String user, String role) {
        return Jwt.preferredUserName(user).subject(user).groups(Set.of(role))
                .issuer("https://server.example.com").audience("https://service.example.com");
    }
}
