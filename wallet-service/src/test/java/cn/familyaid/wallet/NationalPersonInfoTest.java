package cn.familyaid.wallet;

import cn.familyaid.wallet.messaging.PersonChangedEvent;
import cn.familyaid.wallet.service.AccountService;
import cn.familyaid.wallet.support.Family;
import cn.familyaid.wallet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** 1101 (person and insurance info by credential) with an envelope shaped as the public HIS samples send it. */
@QuarkusTest
class NationalPersonInfoTest {
    static final String CLINIC = "H32010200055";

    @Inject
    Family family;
    @Inject
    AccountService accounts;

    static Map<String, Object> envelope(String code, Map<String, Object> data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("infno", "1101");
        e.put("msgid", code + "20261201120000" + "0001");
        e.put("mdtrtarea_admvs", "320102");
        e.put("insuplc_admdvs", "");
        e.put("recer_sys_code", "YBXT");
        e.put("infver", "V1.0");
        e.put("opter_type", "1");
        e.put("opter", "001");
        e.put("opter_name", "收费员");
        e.put("inf_time", "2026-12-01 12:00:00");
        e.put("fixmedins_code", code);
        e.put("fixmedins_name", "测试医院");
        e.put("sign_no", "");
        e.put("serv_code", "X");
        e.put("input", Map.of("data", data));
        return e;
    }

    JsonPath ask(Map<String, Object> data) {
        return given().auth().oauth2(Tokens.institution(CLINIC)).contentType("application/json")
                .body(envelope(CLINIC, data)).post("/hsa/1101").then().statusCode(200).extract().jsonPath();
    }

    String employeeWithCard(String certno, long fen) {
        String psn = Family.newPsn();
        QuarkusTransaction.requiringNew().run(() -> accounts.onPersonChanged(UUID.randomUUID(),
                new PersonChangedEvent.Data(psn, "周芳芳", "310", "1", "320102", null, 1, "01", certno)));
        family.credit(psn, fen);
        return psn;
    }

    @Test
    void by_id_card_or_e_voucher_the_person_and_the_own_balance_are_answered_masked() {
        // born 1980-01-01; the 17th character even: a woman
        String certno = "32010219800101" + String.format("%02d", (int) (Math.random() * 100)) + "28";
        String psn = employeeWithCard(certno, 12_345);
        JsonPath byCard = ask(Map.of("mdtrt_cert_type", "02", "mdtrt_cert_no", certno, "psn_cert_type", "01",
                "certno", certno, "psn_name", "周芳芳"));
        assertThat(byCard.getInt("infcode")).as(byCard.prettify()).isZero();
        assertThat(byCard.getString("output.baseinfo.psn_no")).isEqualTo(psn);
        assertThat(byCard.getString("output.baseinfo.psn_name")).isEqualTo("周**");
        assertThat(byCard.getString("output.baseinfo.certno")).isEqualTo(certno.substring(0, 6) + "********"
                + certno.substring(14));
        assertThat(byCard.getString("output.baseinfo.brdy")).isEqualTo("1980-01-01");
        assertThat(byCard.getString("output.baseinfo.gend")).isEqualTo("2");
        assertThat(byCard.getList("output.insuinfo")).hasSize(1);
        assertThat(byCard.getString("output.insuinfo[0].balc")).isEqualTo("123.45");
        assertThat(byCard.getString("output.insuinfo[0].insutype")).isEqualTo("310");
        assertThat(byCard.getString("output.insuinfo[0].insuplc_admdvs")).isEqualTo("320102");
        assertThat(byCard.getString("inf_refmsgid")).hasSize(30);
        // the e-voucher names the person by psn_no
        JsonPath byVoucher = ask(Map.of("mdtrt_cert_type", "01", "mdtrt_cert_no", psn));
        assertThat(byVoucher.getString("output.baseinfo.psn_no")).isEqualTo(psn);
        assertThat(byVoucher.getString("output.insuinfo[0].balc")).isEqualTo("123.45");
    }

    @Test
    void an_unknown_credential_is_infcode_minus_1_and_a_bad_envelope_a_4xx_problem() {
        JsonPath unknown = ask(Map.of("mdtrt_cert_type", "02", "mdtrt_cert_no", "110101190001011234"));
        assertThat(unknown.getInt("infcode")).isEqualTo(-1);
        assertThat(unknown.getString("err_msg")).startsWith("NOT_FOUND");
        JsonPath badType = ask(Map.of("mdtrt_cert_type", "09", "mdtrt_cert_no", "X"));
        assertThat(badType.getInt("infcode")).isEqualTo(-1);
        assertThat(badType.getString("err_msg")).contains("mdtrt_cert_type");
        given().auth().oauth2(Tokens.institution("H32010200099")).contentType("application/json")
                .body(envelope(CLINIC, Map.of("mdtrt_cert_type", "01", "mdtrt_cert_no", "X"))).post("/hsa/1101")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FIXMEDINS_MISMATCH"));
        Map<String, Object> noMsgid = envelope(CLINIC, Map.of("mdtrt_cert_type", "01", "mdtrt_cert_no", "X"));
        noMsgid.remove("msgid");
        given().auth().oauth2(Tokens.institution(CLINIC)).contentType("application/json").body(noMsgid)
                .post("/hsa/1101").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("msgid"));
        given().auth().oauth2(Tokens.institution(CLINIC)).contentType("application/json")
                .body(envelope(CLINIC, Map.of("mdtrt_cert_type", "01", "mdtrt_cert_no", "X"))).post("/hsa/2207")
                .then().statusCode(400).body("errors[0].field", equalTo("infno"));
        given().contentType("application/json").body(envelope(CLINIC, Map.of())).post("/hsa/1101")
                .then().statusCode(401);
    }
}
