package cn.familyaid.wallet.national;

import cn.familyaid.wallet.domain.InsuredPerson;
import cn.familyaid.wallet.domain.Masking;
import cn.familyaid.wallet.domain.Money;
import cn.familyaid.wallet.ledger.Ledger;
import cn.familyaid.wallet.ledger.LedgerAccount;
import cn.familyaid.wallet.problem.RuleViolation;
import cn.familyaid.wallet.security.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import cn.familyaid.wallet.openapi.NationalEnvelope;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The national interface's 1101 (person and insurance info, by credential), answered here because this service
 * owns the balances: the national request envelope in, the national response envelope out. The person is found
 * by the credential presented (01 e-voucher = psn_no; 02 ID card, 03 social-security card = the certificate
 * number); {@code insuinfo[].balc} is the own personal account's balance. Name and certificate number are masked:
 * the answer goes to an institution. A person not found is {@code infcode -1}; a malformed envelope 400, another
 * institution than the token 403 (problem+json). Every other infno is settlement-service's.
 */
@Path("/hsa")
@Tag(name = "national interface", description = "The national platform's interface (医疗保障信息平台 定点医药机构接口) for"
        + " HIS/POS code: here 1101; every other infno is settlement-service's")
public class PersonInfoResource {
    private static final DateTimeFormatter MSG_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final DateTimeFormatter REF_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Inject
    Caller caller;

    @Inject
    Ledger ledger;

    @POST
    @Path("/{infno}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.INSTITUTION)
    @Operation(operationId = "nationalPersonInfo", summary = "1101: person and insurance info by credential",
            description = "By an institution, as itself (the envelope's `fixmedins_code` is the token's). The person is"
                    + " found by the credential presented (01 e-voucher: the psn_no; 02 ID card, 03 social-security"
                    + " card: the certificate number); name and certificate number are masked; `insuinfo[].balc` is the"
                    + " own personal account's balance. Every other infno is settlement-service's.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NationalEnvelope.Request.class), examples = @ExampleObject(name = "evoucher",
            summary = "1101 by e-voucher", value = """
                    {"infno": "1101", "msgid": "H44030500001202611221030001", "mdtrtarea_admvs": "440305",
                     "insuplc_admdvs": "440305", "recer_sys_code": "HIS", "infver": "V1.0", "opter_type": "1",
                     "opter": "0001", "opter_name": "收费员", "inf_time": "2026-11-22 10:30:00",
                     "fixmedins_code": "H44030500001", "fixmedins_name": "南山医院", "sign_no": "",
                     "input": {"data": {"mdtrt_cert_type": "01", "mdtrt_cert_no": "DEMO0003"}}}""")))
    @APIResponse(responseCode = "200", description = "The national response envelope: `infcode` 0 with the person and"
            + " insurance, or -1 with `err_msg` (`NOT_FOUND: …` for an unknown credential, `VALIDATION: …` for a bad"
            + " `input.data` field).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = NationalEnvelope.Response.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: a malformed envelope: not a JSON object, an `infno`"
            + " other than 1101, no `msgid` (at most 30 characters), `fixmedins_code`, `mdtrtarea_admvs` (6 digits) or"
            + " `input.data`.")
    @APIResponse(responseCode = "403", description = "`FIXMEDINS_MISMATCH`: `fixmedins_code` is not the token's"
            + " institution.")
    public Map<String, Object> byPath(@Parameter(description = "1101", example = "1101") @PathParam("infno") String infno,
                                      JsonNode body) {
        return call(infno, body);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.INSTITUTION)
    @Operation(operationId = "nationalPersonInfoByBody", summary = "1101 with the infno in the body",
            description = "By an institution, as itself (the envelope's `fixmedins_code` is the token's). The person is"
                    + " found by the credential presented (01 e-voucher: the psn_no; 02 ID card, 03 social-security"
                    + " card: the certificate number); name and certificate number are masked; `insuinfo[].balc` is the"
                    + " own personal account's balance. Every other infno is settlement-service's.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NationalEnvelope.Request.class), examples = @ExampleObject(name = "evoucher",
            summary = "1101 by e-voucher", value = """
                    {"infno": "1101", "msgid": "H44030500001202611221030001", "mdtrtarea_admvs": "440305",
                     "insuplc_admdvs": "440305", "recer_sys_code": "HIS", "infver": "V1.0", "opter_type": "1",
                     "opter": "0001", "opter_name": "收费员", "inf_time": "2026-11-22 10:30:00",
                     "fixmedins_code": "H44030500001", "fixmedins_name": "南山医院", "sign_no": "",
                     "input": {"data": {"mdtrt_cert_type": "01", "mdtrt_cert_no": "DEMO0003"}}}""")))
    @APIResponse(responseCode = "200", description = "The national response envelope: `infcode` 0 with the person and"
            + " insurance, or -1 with `err_msg` (`NOT_FOUND: …` for an unknown credential, `VALIDATION: …` for a bad"
            + " `input.data` field).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = NationalEnvelope.Response.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: a malformed envelope: not a JSON object, an `infno`"
            + " other than 1101, no `msgid` (at most 30 characters), `fixmedins_code`, `mdtrtarea_admvs` (6 digits) or"
            + " `input.data`.")
    @APIResponse(responseCode = "403", description = "`FIXMEDINS_MISMATCH`: `fixmedins_code` is not the token's"
            + " institution.")
    public Map<String, Object> byBody(JsonNode body) {
        return call(null, body);
    }

    private Map<String, Object> call(String pathInfno, JsonNode body) {
        ZonedDateTime received = ZonedDateTime.now(ZONE);
        if (body == null || !body.isObject()) {
            throw RuleViolation.badField("body", "VALIDATION", "must be the national request envelope (a JSON object)");
        }
        String infno = text(body, "infno", false);
        infno = infno == null ? pathInfno : infno;
        if (!"1101".equals(infno) || (pathInfno != null && !pathInfno.equals(infno))) {
            throw RuleViolation.badField("infno", "VALIDATION", "wallet-service answers 1101 only");
        }
        String msgid = text(body, "msgid", true);
        if (msgid.length() > 30) {
            throw RuleViolation.badField("msgid", "VALIDATION", "is at most 30 characters");
        }
        String code = text(body, "fixmedins_code", true);
        String area = text(body, "mdtrtarea_admvs", true);
        if (!area.matches("[0-9]{6}")) {
            throw RuleViolation.badField("mdtrtarea_admvs", "VALIDATION", "must be a 6-digit admdvs");
        }
        JsonNode input = body.get("input");
        JsonNode data = input == null ? null : input.get("data");
        if (data == null || !data.isObject()) {
            throw RuleViolation.badField("input.data", "VALIDATION", "1101 needs input.data");
        }
        if (!caller.is(Caller.INSTITUTION) || !code.equals(caller.fixmedinsCode())) {
            throw RuleViolation.forbidden("FIXMEDINS_MISMATCH", "fixmedins_code is not the token's institution");
        }
        try {
            return envelope(received, area, 0, null, personInfo(data));
        } catch (RuleViolation v) {
            return envelope(received, area, -1, v.code + ": " + v.getMessage(), null);
        }
    }

    private Map<String, Object> personInfo(JsonNode data) {
        String type = text(data, "mdtrt_cert_type", true);
        String presented = text(data, "mdtrt_cert_no", true);
        if (presented.length() > 50) {
            throw RuleViolation.badField("mdtrt_cert_no", "VALIDATION", "is at most 50 characters");
        }
        Optional<InsuredPerson> found = QuarkusTransaction.requiringNew().call(() -> switch (type) {
            case "01" -> InsuredPerson.<InsuredPerson>findByIdOptional(presented);
            case "02", "03" -> InsuredPerson.<InsuredPerson>find("upper(certno) = ?1",
                    presented.toUpperCase(Locale.ROOT)).firstResultOptional();
            default -> throw RuleViolation.badField("mdtrt_cert_type", "VALIDATION",
                    "must be 01 (e-voucher), 02 (ID card) or 03 (social-security card)");
        });
        InsuredPerson p = found.orElseThrow(() -> RuleViolation.notFound("no insured person for this credential"));
        Optional<LedgerAccount> personal = QuarkusTransaction.requiringNew().call(() -> ledger.find(p.psnNo, "PERSONAL"));
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("psn_no", p.psnNo);
        base.put("psn_cert_type", p.psnCertType);
        base.put("certno", Masking.certno(p.certno));
        base.put("psn_name", Masking.name(p.psnName));
        LocalDate brdy = birthDate(p.certno);
        base.put("gend", gender(p.certno));
        base.put("naty", null);
        base.put("brdy", brdy == null ? null : brdy.toString());
        base.put("age", brdy == null ? null : Period.between(brdy, LocalDate.now(ZONE)).getYears());
        Map<String, Object> insu = new LinkedHashMap<>();
        insu.put("balc", Money.toYuan(personal.map(LedgerAccount::balance).orElse(0L)));
        insu.put("insutype", p.insutype);
        insu.put("psn_type", null);
        insu.put("psn_insu_stas", p.psnInsuStas);
        insu.put("psn_insu_date", null);
        insu.put("paus_insu_date", null);
        insu.put("cvlserv_flag", "0");
        insu.put("insuplc_admdvs", p.insuplcAdmdvs);
        insu.put("emp_name", null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("baseinfo", base);
        out.put("insuinfo", List.of(insu));
        out.put("idetinfo", new ArrayList<>());
        return out;
    }

    /** The birth date in an 18-character resident ID number (positions 7–14), if it is one. */
    static LocalDate birthDate(String certno) {
        if (certno == null || certno.length() != 18) {
            return null;
        }
        try {
            return LocalDate.parse(certno.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** 1 male, 2 female, from the 17th character of an 18-character resident ID number (odd: male). */
    static String gender(String certno) {
        if (certno == null || certno.length() != 18 || !Character.isDigit(certno.charAt(16))) {
            return null;
        }
        return (certno.charAt(16) - '0') % 2 == 1 ? "1" : "2";
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            if (required) {
                throw RuleViolation.badField(field, "VALIDATION", "is required");
            }
            return null;
        }
        String raw = v.asText();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c < 0x20 && c != ' ') || Character.isSurrogate(c)) {
                throw RuleViolation.badField(field, "VALIDATION", "contains a control character or broken text");
            }
        }
        return raw.trim();
    }

    private static Map<String, Object> envelope(ZonedDateTime received, String area, int infcode, String error,
                                                Map<String, Object> output) {
        ZonedDateTime now = ZonedDateTime.now(ZONE);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("infcode", infcode);
        r.put("inf_refmsgid", area + now.format(REF_TIME)
                + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L)));
        r.put("refmsg_time", received.format(MSG_TIME));
        r.put("respond_time", now.format(MSG_TIME));
        r.put("err_msg", error);
        r.put("warn_msg", null);
        r.put("cainfo", null);
        r.put("signtype", null);
        r.put("output", output == null ? Map.of() : output);
        return r;
    }
}
