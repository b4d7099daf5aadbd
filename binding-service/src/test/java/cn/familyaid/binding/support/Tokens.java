package cn.familyaid.binding.support;

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

    public static String institution(String code) {
        return base("inst-" + code, "institution").claim("fixmedins_code", code).jws().keyId("1")
                .sign("privateKey.jwk");
    }

    /** A platform token signed by the realm's key but issued by someone else, or meant for another API. */
    public static String platformFrom(String issuer, String audience) {
        return Jwt.preferredUserName("platform-000000").subject("platform-000000").groups(Set.of("platform"))
                .issuer(issuer).audience(audience).claim("admdvs", "000000").jws().keyId("1").sign("privateKey.jwk");
    }

    private static JwtClaimsBuilder base(String user, String role) {
        return Jwt.preferredUserName(user).subject(user).groups(Set.of(role))
                .issuer("https://server.example.com").audience("https://service.example.com");
    }
}
