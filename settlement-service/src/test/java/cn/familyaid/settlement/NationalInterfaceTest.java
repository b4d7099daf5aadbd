package cn.familyaid.settlement;

import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.support.Api;
import cn.familyaid.settlement.support.Events;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Fixtures.Person;
import cn.familyaid.settlement.support.Ledger;
import cn.familyaid.settlement.support.Tokens;
import cn.familyaid.settlement.support.WalletJar;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The national interface (POST /hsa/{infno}) with envelopes shaped as the public HIS samples send them, against the
 * real ledger: the same settlements, the same ledger postings and the same refusals as the REST API.
 */
@QuarkusTest
class NationalInterfaceTest {
    static final String NANJING = "320102";
    static final AtomicLong SEQ = new AtomicLong();

    @BeforeAll
    static void theRealLedger() {
        Api.exactAmounts();
        Assertions.assertTrue(WalletJar.answersLedgerCommands(),
                "wallet-service's jar is needed: ./mvnw -B -q package -DskipTests -pl wallet-service");
    }

    /** A msgid as HIS code makes it: fixmedins_code(12) + yyyyMMddHHmmss + a 4-digit sequence, at most 30. */
    static String msgid(String code) {
        String head = code.length() > 12 ? code.substring(code.length() - 12) : code;
        return head + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE) + "120000"
                + String.format("%04d", SEQ.incrementAndGet() % 10_000);
    }

    /** The request envelope as the samples send it, with the extra fields some regions add. */
    static Map<String, Object> envelope(String code, String infno, String msgid, Map<String, Object> input) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("infno", infno);
        e.put("msgid", msgid);
        e.put("mdtrtarea_admvs", NANJING);
        e.put("insuplc_admdvs", NANJING);
        e.put("recer_sys_code", "YBXT");
        e.put("dev_no", "");
        e.put("dev_safe_info", "");
        e.put("cainfo", "");
        e.put("signtype", "SM3");
        e.put("infver", "V1.0");
        e.put("opter_type", "1");
        e.put("opter", "001");
        e.put("opter_name", "收费员");
        e.put("inf_time", "2026-12-01 12:00:00");
        e.put("fixmedins_code", code);
        e.put("fixmedins_name", "测试医院");
        e.put("sign_no", "");
        e.put("serv_code", "X");
        e.put("serv_sign", "Y");
        e.put("recer_admvs", NANJING);
        e.put("input", input);
        return e;
    }

    static JsonPath hsa(String code, String infno, String msgid, Map<String, Object> input) {
        return given().auth().oauth2(Tokens.institution(code)).contentType("application/json")
                .body(envelope(code, infno, msgid, input)).post("/hsa/{infno}", infno)
                .then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> clinicData(Person p, String mdtrtId, String medfee) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("psn_no", p.psnNo());
        d.put("mdtrt_cert_type", "02");
        d.put("mdtrt_cert_no", p.certno());
        d.put("med_type", "11");
        d.put("medfee_sumamt", medfee);
        d.put("psn_setlway", "01");
        d.put("mdtrt_id", mdtrtId);
        d.put("chrg_bchno", "CB" + UUID.randomUUID().toString().substring(0, 8));
        d.put("insutype", "310");
        d.put("acct_used_flag", "1");
        return d;
    }

    static Person employee(String balance) {
        Person p = Fixtures.person("310", NANJING);
        Ledger.awaitAccount(p.psnNo());
        Ledger.credit(p.psnNo(), NANJING, balance);
        return p;
    }

    static BigDecimal amt(JsonPath j, String path) {
        return new BigDecimal(j.getString(path));
    }

    /** The money identities of a setlinfo: medfee = fund + psn part + hospital part; psn part = account + cash. */
    static void identities(JsonPath j) {
        assertThat(amt(j, "output.setlinfo.medfee_sumamt")).isEqualByComparingTo(amt(j, "output.setlinfo.fund_pay_sumamt")
                .add(amt(j, "output.setlinfo.psn_part_amt")).add(amt(j, "output.setlinfo.hosp_part_amt")));
        assertThat(amt(j, "output.setlinfo.psn_part_amt")).isEqualByComparingTo(amt(j, "output.setlinfo.acct_pay")
                .add(amt(j, "output.setlinfo.psn_cash_pay")));
    }

    @Test
    void clinic_sign_in_registration_2206_2207_2208_answer_field_by_field_with_the_family_part_R_SET_2_R_SET_7() {
        Person patient = employee("30.00");
        Person mother = employee("200.00");
        Ledger.plan(patient.psnNo(), 1, List.of(new Events.Funder("B-" + UUID.randomUUID(), mother.psnNo(), "CHILD",
                "ALL", null, 0L, 1)));
        String code = Fixtures.institution("HOSPITAL", NANJING, false);

        JsonPath signIn = hsa(code, "9001", msgid(code), Map.of("signIn", Map.of("opter_no", "001", "mac", "00", "ip", "127.0.0.1")));
        assertThat(signIn.getInt("infcode")).isZero();
        assertThat(signIn.getString("output.signinoutb.sign_no")).isNotBlank();
        assertThat(signIn.getString("inf_refmsgid")).startsWith(NANJING).hasSize(30);
        assertThat(signIn.getString("respond_time")).hasSize(17);

        Map<String, Object> visit = new LinkedHashMap<>();
        visit.put("psn_no", patient.psnNo());
        visit.put("insutype", "310");
        visit.put("begntime", "2026-12-01 12:00:00");
        visit.put("mdtrt_cert_type", "02");
        visit.put("mdtrt_cert_no", patient.certno());
        visit.put("ipt_otp_no", "OP1");
        visit.put("atddr_no", "D1");
        visit.put("dr_name", "王医生");
        visit.put("dept_code", "01");
        visit.put("dept_name", "内科");
        visit.put("caty", "A03");
        JsonPath reg = hsa(code, "2201", msgid(code), Map.of("data", visit));
        String mdtrtId = reg.getString("output.data.mdtrt_id");
        assertThat(mdtrtId).isNotBlank().hasSizeLessThanOrEqualTo(30);

        JsonPath pre = hsa(code, "2206", msgid(code), Map.of("data", clinicData(patient, mdtrtId, "50.00")));
        assertThat(pre.getInt("infcode")).as(pre.prettify()).isZero();
        assertThat(pre.getString("output.setlinfo.setl_id")).isNull();
        assertThat(pre.getString("output.setlinfo.mdtrt_id")).isEqualTo(mdtrtId);
        assertThat(amt(pre, "output.setlinfo.acct_pay")).isEqualByComparingTo("50.00");
        assertThat(amt(pre, "output.setlinfo.acct_mulaid_pay")).isEqualByComparingTo("20.00");
        identities(pre);
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("30.00");

        Map<String, Object> data = clinicData(patient, mdtrtId, "50.00");
        data.put("fulamt_ownpay_amt", "0.00");
        data.put("overlmt_selfpay", "0.00");
        data.put("preselfpay_amt", "0.00");
        data.put("inscp_scp_amt", "50.00");
        String m = msgid(code);
        JsonPath setl = hsa(code, "2207", m, Map.of("data", data));
        assertThat(setl.getInt("infcode")).as(setl.prettify()).isZero();
        assertThat(setl.getString("err_msg")).isNull();
        String setlId = setl.getString("output.setlinfo.setl_id");
        assertThat(setlId).isNotBlank();
        assertThat(setl.getString("output.setlinfo.medins_setl_id")).isEqualTo(m);
        assertThat(setl.getString("output.setlinfo.mdtrt_id")).isEqualTo(mdtrtId);
        assertThat(setl.getString("output.setlinfo.psn_no")).isEqualTo(patient.psnNo());
        assertThat(setl.getString("output.setlinfo.insutype")).isEqualTo("310");
        assertThat(setl.getString("output.setlinfo.med_type")).isEqualTo("11");
        assertThat(setl.getString("output.setlinfo.setl_time")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(amt(setl, "output.setlinfo.medfee_sumamt")).isEqualByComparingTo("50.00");
        assertThat(amt(setl, "output.setlinfo.fund_pay_sumamt")).isEqualByComparingTo("0.00");
        assertThat(amt(setl, "output.setlinfo.acct_pay")).isEqualByComparingTo("50.00");
        assertThat(amt(setl, "output.setlinfo.acct_mulaid_pay")).isEqualByComparingTo("20.00");
        assertThat(amt(setl, "output.setlinfo.psn_cash_pay")).isEqualByComparingTo("0.00");
        assertThat(amt(setl, "output.setlinfo.inscp_scp_amt")).isEqualByComparingTo("50.00");
        assertThat(amt(setl, "output.setlinfo.balc")).as("the own account after it").isEqualByComparingTo("0.00");
        identities(setl);
        assertThat(setl.getList("output.setldetail")).hasSize(1);
        assertThat(setl.getString("output.setldetail[0].fund_pay_type")).isEqualTo("310200");
        assertThat(amt(setl, "output.setldetail[0].fund_payamt")).isEqualByComparingTo("50.00");
        assertThat(setl.getString("output.setldetail[0].setl_proc_info")).contains("家庭共济 20.00");
        // the 2206's hold was posted, not held twice (R-SET-2)
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.balc(mother.psnNo())).isEqualByComparingTo("180.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("0.00");

        // the same msgid with the same input: the same answer; with other input: refused
        JsonPath again = hsa(code, "2207", m, Map.of("data", data));
        assertThat(again.getInt("infcode")).isZero();
        assertThat(again.getString("output.setlinfo.setl_id")).isEqualTo(setlId);
        Map<String, Object> other = new LinkedHashMap<>(data);
        other.put("medfee_sumamt", "51.00");
        JsonPath conflict = hsa(code, "2207", m, Map.of("data", other));
        assertThat(conflict.getInt("infcode")).isEqualTo(-1);
        assertThat(conflict.getString("err_msg")).startsWith("IDEMPOTENCY_CONFLICT");
        assertThat(Ledger.postedToClearing(code)).isEqualTo(5_000);

        JsonPath rev = hsa(code, "2208", msgid(code), Map.of("data", Map.of("setl_id", setlId, "mdtrt_id", mdtrtId,
                "psn_no", patient.psnNo())));
        assertThat(rev.getInt("infcode")).as(rev.prettify()).isZero();
        assertThat(amt(rev, "output.setlinfo.acct_pay")).isEqualByComparingTo("-50.00");
        assertThat(amt(rev, "output.setlinfo.acct_mulaid_pay")).isEqualByComparingTo("-20.00");
        assertThat(amt(rev, "output.setlinfo.medfee_sumamt")).isEqualByComparingTo("-50.00");
        assertThat(amt(rev, "output.setlinfo.balc")).isEqualByComparingTo("30.00");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("30.00");
        assertThat(Ledger.balc(mother.psnNo())).isEqualByComparingTo("200.00");
        // reversed again (2208 retried): refunded once
        assertThat(hsa(code, "2208", msgid(code), Map.of("data", Map.of("setl_id", setlId, "mdtrt_id", mdtrtId,
                "psn_no", patient.psnNo()))).getInt("infcode")).isZero();
        assertThat(Ledger.refundedFromClearing(code)).isEqualTo(5_000);
    }

    static Map<String, Object> drugInput(Person p, String medfee) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("psn_no", p.psnNo());
        info.put("mdtrt_cert_type", "02");
        info.put("mdtrt_cert_no", p.certno());
        info.put("begntime", "2026-12-01 12:00:00");
        info.put("medfee_sumamt", medfee);
        info.put("insutype", "310");
        info.put("dise_codg", "");
        info.put("dise_name", "");
        info.put("acct_used_flag", "1");
        info.put("med_type", "41");
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("feedetl_sn", "1");
        line.put("rxno", "");
        line.put("rx_circ_flag", "0");
        line.put("fee_ocur_time", "2026-12-01 12:00:00");
        line.put("med_list_codg", "XA01");
        line.put("medins_list_codg", "YP001");
        line.put("det_item_fee_sumamt", medfee);
        line.put("cnt", "1");
        line.put("pric", medfee);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("druginfo", info);
        in.put("drugdetail", List.of(line));
        return in;
    }

    @Test
    void pharmacy_2101_2102_2103_settle_and_reverse_through_the_same_ledger() {
        Person patient = employee("40.00");
        String code = Fixtures.institution("PHARMACY", NANJING, false);
        JsonPath pre = hsa(code, "2101", msgid(code), drugInput(patient, "25.00"));
        assertThat(pre.getInt("infcode")).as(pre.prettify()).isZero();
        assertThat(amt(pre, "output.setlinfo.acct_pay")).isEqualByComparingTo("25.00");
        String m = msgid(code);
        JsonPath setl = hsa(code, "2102", m, drugInput(patient, "25.00"));
        assertThat(setl.getInt("infcode")).as(setl.prettify()).isZero();
        assertThat(setl.getString("output.setlinfo.medins_setl_id")).isEqualTo(m);
        assertThat(setl.getString("output.setlinfo.med_type")).isEqualTo("41");
        identities(setl);
        assertThat(amt(setl, "output.setlinfo.balc")).isEqualByComparingTo("15.00");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("15.00");
        JsonPath rev = hsa(code, "2103", msgid(code), Map.of("data", Map.of("setl_id",
                setl.getString("output.setlinfo.setl_id"), "psn_no", patient.psnNo())));
        assertThat(rev.getInt("infcode")).isZero();
        assertThat(amt(rev, "output.setlinfo.acct_pay")).isEqualByComparingTo("-25.00");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("40.00");
    }

    @Test
    void a_business_refusal_is_http_200_infcode_minus_1_naming_the_rule_R_SET_3() {
        Person patient = employee("40.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> data = clinicData(patient, "MT1", "10.00");
        data.put("mdtrt_cert_no", "110101199001011234"); // not the patient's own credential
        JsonPath r = hsa(code, "2207", msgid(code), Map.of("data", data));
        assertThat(r.getInt("infcode")).isEqualTo(-1);
        assertThat(r.getString("err_msg")).startsWith("R-SET-3: ");
        assertThat(r.getString("inf_refmsgid")).isNotBlank();
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("40.00");
        // a field the rule needs, missing from the input: refused naming it
        Map<String, Object> noType = clinicData(patient, "MT1", "10.00");
        noType.remove("med_type");
        JsonPath missing = hsa(code, "2207", msgid(code), Map.of("data", noType));
        assertThat(missing.getInt("infcode")).isEqualTo(-1);
        assertThat(missing.getString("err_msg")).contains("med_type");
        // an infno family-aid does not run here
        assertThat(hsa(code, "2304", msgid(code), Map.of("data", Map.of())).getString("err_msg"))
                .startsWith("UNSUPPORTED_INFNO");
    }

    @Test
    void a_malformed_envelope_or_another_institution_is_an_http_4xx_problem() {
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Map<String, Object> noMsgid = envelope(code, "9001", null, Map.of("signIn", Map.of()));
        noMsgid.remove("msgid");
        given().auth().oauth2(Tokens.institution(code)).contentType("application/json").body(noMsgid)
                .post("/hsa/9001").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("msgid"));
        given().auth().oauth2(Tokens.institution(code)).contentType("application/json")
                .body(envelope(code, "9001", msgid(code), Map.of("signIn", Map.of()))).post("/hsa/2207")
                .then().statusCode(400).body("errors[0].field", equalTo("infno"));
        String other = Fixtures.institution("HOSPITAL", NANJING, false);
        given().auth().oauth2(Tokens.institution(code)).contentType("application/json")
                .body(envelope(other, "9001", msgid(other), Map.of("signIn", Map.of()))).post("/hsa/9001")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FIXMEDINS_MISMATCH"));
        given().contentType("application/json").body(envelope(code, "9001", msgid(code), Map.of("signIn", Map.of())))
                .post("/hsa/9001").then().statusCode(401);
        // the infno may come in the body only
        given().auth().oauth2(Tokens.institution(code)).contentType("application/json")
                .body(envelope(code, "9001", msgid(code), Map.of("signIn", Map.of()))).post("/hsa")
                .then().statusCode(200).body("infcode", equalTo(0));
        // text that can't be stored is refused before it reaches the database
        Map<String, Object> nul = new LinkedHashMap<>(Map.of("psn_no", "P\u0000", "omsgid", "X", "oinfno", "2207"));
        JsonPath r = hsa(code, "2601", msgid(code), Map.of("data", nul));
        assertThat(r.getInt("infcode")).isEqualTo(-1);
        assertThat(r.getString("err_msg")).contains("psn_no");
    }

    @Test
    void a_2601_after_a_lost_answer_reverses_it_and_a_2601_for_a_message_never_received_stops_it_for_good() {
        Person patient = employee("60.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        // the 2207 settled but its answer was lost: the HIS sends 2601 with the lost msgid
        String lost = msgid(code);
        assertThat(hsa(code, "2207", lost, Map.of("data", clinicData(patient, "MT1", "20.00"))).getInt("infcode"))
                .isZero();
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("40.00");
        JsonPath r = hsa(code, "2601", msgid(code), Map.of("data", Map.of("psn_no", patient.psnNo(), "omsgid", lost,
                "oinfno", "2207")));
        assertThat(r.getInt("infcode")).as(r.prettify()).isZero();
        assertThat(amt(r, "output.setlinfo.acct_pay")).isEqualByComparingTo("-20.00");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("60.00");
        // the HIS, unsure, sends the lost 2207 again: it is not settled again
        JsonPath replay = hsa(code, "2207", lost, Map.of("data", clinicData(patient, "MT1", "20.00")));
        assertThat(replay.getInt("infcode")).isEqualTo(-1);
        assertThat(replay.getString("err_msg")).startsWith("R-SET-7");
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("60.00");

        // the 2207 never arrived: 2601 leaves a record, and the 2207 arriving late is refused and never charges
        String never = msgid(code);
        assertThat(hsa(code, "2601", msgid(code), Map.of("data", Map.of("psn_no", patient.psnNo(), "omsgid", never,
                "oinfno", "2207"))).getInt("infcode")).isZero();
        JsonPath late = hsa(code, "2207", never, Map.of("data", clinicData(patient, "MT1", "20.00")));
        assertThat(late.getInt("infcode")).isEqualTo(-1);
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("60.00");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Settlement.byMedinsSetlId(code, never).isPresent()))
                .isFalse();
        assertThat(Ledger.postedToClearing(code) - Ledger.refundedFromClearing(code)).isZero();
    }

    @Test
    void a_2207_and_a_2601_of_the_same_msgid_at_once_end_in_one_outcome_and_move_no_money() throws Exception {
        Person patient = employee("500.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 12; round++) {
                String m = msgid(code);
                Future<JsonPath> settle = pool.submit(() -> hsa(code, "2207", m,
                        Map.of("data", clinicData(patient, "MT", "7.00"))));
                Future<JsonPath> revoke = pool.submit(() -> hsa(code, "2601", msgid(code), Map.of("data",
                        Map.of("psn_no", patient.psnNo(), "omsgid", m, "oinfno", "2207"))));
                JsonPath s = settle.get();
                assertThat(revoke.get().getInt("infcode")).isZero();
                // whichever came first, the msgid ends not charged: refused, or settled and reversed
                Events.await("msgid " + m + " settled for good", () -> List.of("NONE", "FAILED", "REVERSED").contains(
                        QuarkusTransaction.requiringNew().call(() -> Settlement.byMedinsSetlId(code, m)
                                .map(x -> x.status).orElse("NONE"))));
                assertThat(s.getInt("infcode")).as("round %d", round).isIn(0, -1);
                // and a 2207 of that msgid afterwards is refused
                assertThat(hsa(code, "2207", m, Map.of("data", clinicData(patient, "MT", "7.00"))).getInt("infcode"))
                        .isEqualTo(-1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("500.00");
        assertThat(Ledger.held(patient.psnNo())).isEqualByComparingTo("0.00");
        assertThat(Ledger.postedToClearing(code)).isEqualTo(Ledger.refundedFromClearing(code));
    }

    @Test
    void a_2207_and_its_rest_twin_give_the_same_ledger_effects() {
        Person a = employee("30.00");
        Person b = employee("30.00");
        Person motherA = employee("100.00");
        Person motherB = employee("100.00");
        Ledger.plan(a.psnNo(), 1, List.of(new Events.Funder("B-" + UUID.randomUUID(), motherA.psnNo(), "CHILD", "CAP",
                1_500L, 1_000L, 1)));
        Ledger.plan(b.psnNo(), 1, List.of(new Events.Funder("B-" + UUID.randomUUID(), motherB.psnNo(), "CHILD", "CAP",
                1_500L, 1_000L, 1)));
        String national = Fixtures.institution("HOSPITAL", NANJING, false);
        String rest = Fixtures.institution("HOSPITAL", NANJING, false);
        JsonPath n = hsa(national, "2207", msgid(national), Map.of("data", clinicData(a, "MT", "60.00")));
        Response r = Fixtures.settle(rest, Fixtures.with(Fixtures.bill(rest, b, NANJING, "60.00", "0", "1"),
                "medins_setl_id", Fixtures.id("M")));
        r.then().statusCode(201);
        assertThat(amt(n, "output.setlinfo.acct_pay")).isEqualByComparingTo(r.jsonPath().getString("acct_pay"));
        assertThat(amt(n, "output.setlinfo.acct_mulaid_pay"))
                .isEqualByComparingTo(r.jsonPath().getString("acct_mulaid_pay"));
        assertThat(amt(n, "output.setlinfo.psn_cash_pay")).isEqualByComparingTo(r.jsonPath().getString("psn_cash_pay"));
        assertThat(Ledger.balc(a.psnNo())).isEqualByComparingTo(Ledger.balc(b.psnNo()));
        assertThat(Ledger.balc(motherA.psnNo())).isEqualByComparingTo(Ledger.balc(motherB.psnNo()));
        assertThat(Ledger.postedToClearing(national)).isEqualTo(Ledger.postedToClearing(rest)).isEqualTo(4_500);
        // and the day's reconciliation lines are the same (R-SET-8)
        String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        JsonPath recN = given().auth().oauth2(Tokens.institution(national))
                .queryParam("fixmedins_code", national).queryParam("date", day).get("/api/v1/reconciliation")
                .then().statusCode(200).extract().jsonPath();
        JsonPath recR = given().auth().oauth2(Tokens.institution(rest))
                .queryParam("fixmedins_code", rest).queryParam("date", day).get("/api/v1/reconciliation")
                .then().statusCode(200).extract().jsonPath();
        assertThat(recN.getMap("net")).isEqualTo(recR.getMap("net"));
    }

    @Test
    void totals_3201_are_balanced_for_a_correct_day_and_name_the_difference_for_a_wrong_one_R_SET_8() {
        Person patient = employee("100.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        hsa(code, "2207", msgid(code), Map.of("data", clinicData(patient, "MT", "30.00")));
        JsonPath second = hsa(code, "2207", msgid(code), Map.of("data", clinicData(patient, "MT", "12.50")));
        hsa(code, "2208", msgid(code), Map.of("data", Map.of("setl_id", second.getString("output.setlinfo.setl_id"),
                "psn_no", patient.psnNo())));
        String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("insutype", "310");
        totals.put("clr_type", "11");
        totals.put("setl_optins", NANJING);
        totals.put("stmt_begndate", day);
        totals.put("stmt_enddate", day);
        totals.put("medfee_sumamt", "30.00");
        totals.put("fund_pay_sumamt", "0.00");
        totals.put("acct_pay", "30.00");
        totals.put("fixmedins_setl_cnt", 1);
        JsonPath balanced = hsa(code, "3201", msgid(code), Map.of("data", totals));
        assertThat(balanced.getInt("infcode")).as(balanced.prettify()).isZero();
        assertThat(balanced.getString("output.stmtinfo.stmt_rslt")).isEqualTo("0");
        // the institution forgot the reversal: it claims more
        totals.put("medfee_sumamt", "42.50");
        totals.put("acct_pay", "42.50");
        totals.put("fixmedins_setl_cnt", 2);
        JsonPath wrong = hsa(code, "3201", msgid(code), Map.of("data", totals));
        assertThat(wrong.getString("output.stmtinfo.stmt_rslt")).isEqualTo("2");
        assertThat(wrong.getString("output.stmtinfo.stmt_rslt_dscr"))
                .contains("acct_pay: family-aid 30.00，机构 42.50，差额 -12.50").contains("fixmedins_setl_cnt");
        // without reversals netted out (refd_setl_flag 0) the same claim balances
        totals.put("refd_setl_flag", "0");
        assertThat(hsa(code, "3201", msgid(code), Map.of("data", totals)).getString("output.stmtinfo.stmt_rslt"))
                .isEqualTo("0");
    }
}
