package cn.familyaid.settlement.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

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

    /** A person's token right after face verification (step-up, R-WAL-3), for the wallet's transfers. */
    public static String personStepUp(String psnNo) {
        return base("person-" + psnNo, "person").claim("psn_no", psnNo).claim("acr", "face")
                .claim("auth_time", System.currentTimeMillis() / 1000).jws().keyId("1").sign("privateKey.jwk");
    }

    public static String institution(String code) {
        return base("inst-" + code, "institution").claim("fixmedins_code", code).jws().keyId("1")
                .sign("privateKey.jwk");
    }

    /** An institution's token that expires at {@code expSeconds} (seconds since the epoch). */
    public static String institutionUntil(String code, long expSeconds) {
        return base("inst-" + code, "institution").claim("fixmedins_code", code).expiresAt(expSeconds).jws()
                .keyId("1").sign("privateKey.jwk");
    }

    private static JwtClaimsBuilder base(String user, String role) {
        return Jwt.preferredUserName(user).subject(user).groups(Set.of(role))
                .issuer("https://server.example.com").audience("https://service.example.com");
    }
}
