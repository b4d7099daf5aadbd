package cn.familyaid.settlement.support;

import cn.familyaid.settlement.domain.InsuredPerson;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;

/** Builds the world a test needs through the real interfaces: REST for institutions, events for persons. */
public final class Fixtures {
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);

    private Fixtures() {
    }

    public static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    /** A valid-looking 18-character resident ID, unique per call (check digit not needed here). */
    public static String certno() {
        return "110101" + "1990" + String.format("%08d", SEQ.incrementAndGet() % 100_000_000L);
    }

    /** A person known to settlement-service (and to the wallet jar, which reads the same topic). */
    public record Person(String psnNo, String name, String certno, String insutype, String admdvs) {
    }

    public static Person person(String insutype, String admdvs) {
        Person p = new Person(id("P"), "张" + (char) ('一' + (int) (SEQ.incrementAndGet() % 20)) + "明", certno(),
                insutype, admdvs);
        Events.personChanged(p.psnNo(), p.name(), p.certno(), insutype, admdvs, 1, null);
        Events.await("person " + p.psnNo(), () -> known(p.psnNo()));
        return p;
    }

    public static boolean known(String psnNo) {
        return QuarkusTransaction.requiringNew().call(() -> InsuredPerson.findById(psnNo) != null);
    }

    public static String institution(String type, String admdvs, boolean walletEnabled) {
        String code = id("H");
        given().auth().oauth2(Tokens.platform(admdvs)).contentType("application/json")
                .body(Map.of("fixmedins_name", "测试" + type, "fixmedins_type", type, "admdvs", admdvs,
                        "wallet_enabled", walletEnabled))
                .put("/api/v1/institutions/{c}", code).then().statusCode(201);
        return code;
    }

    /** A settlement body: ID card of the patient, outpatient at a hospital unless changed. */
    public static Map<String, Object> bill(String code, Person p, String admdvs, String medfee, String fund,
                                           String acctUsedFlag) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("fixmedins_code", code);
        b.put("psn_no", p.psnNo());
        b.put("mdtrt_cert_type", "02");
        b.put("mdtrt_cert_no", p.certno());
        b.put("insutype", p.insutype());
        b.put("med_type", "11");
        b.put("medfee_sumamt", new BigDecimal(medfee));
        b.put("fund_pay_sumamt", new BigDecimal(fund));
        b.put("acct_used_flag", acctUsedFlag);
        b.put("mdtrtarea_admvs", admdvs);
        return b;
    }

    public static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> b = new HashMap<>(body);
        if (value == null) {
            b.remove(key);
        } else {
            b.put(key, value);
        }
        return b;
    }

    public static Response settle(String code, Map<String, Object> body) {
        return given().auth().oauth2(Tokens.institution(code)).contentType("application/json").body(body)
                .post("/api/v1/settlements");
    }

    public static Response pre(String code, Map<String, Object> body) {
        return given().auth().oauth2(Tokens.institution(code)).contentType("application/json").body(body)
                .post("/api/v1/settlements/pre");
    }

    public static Response reverse(String code, String setlId) {
        return given().auth().oauth2(Tokens.institution(code)).post("/api/v1/settlements/{s}/reversal", setlId);
    }
}
