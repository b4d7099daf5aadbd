package cn.familyaid.settlement.national;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import cn.familyaid.settlement.openapi.NationalEnvelope;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The national platform's interface (医疗保障信息平台 定点医药机构接口) for existing HIS/POS code: the request
 * envelope in, the response envelope out. A business refusal is HTTP 200 with {@code infcode -1} and the rule in
 * {@code err_msg}, as the platform answers; a malformed envelope (400) and authentication or an envelope naming
 * another institution than the token (401/403) are problem+json. Unknown envelope fields are ignored.
 */
@Path("/hsa")
@Tag(name = "national interface", description = "The national platform's interface (医疗保障信息平台 定点医药机构接口) for"
        + " HIS/POS code: the request envelope in, the response envelope out (1101 is wallet-service's)")
public class NationalResource {
    private static final Logger LOG = Logger.getLogger(NationalResource.class);
    private static final DateTimeFormatter MSG_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final DateTimeFormatter REF_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Pattern INFNO = Pattern.compile("[0-9]{4}[A-Z]?");
    private static final Pattern ADMDVS = Pattern.compile("[0-9]{6}");

    @Inject
    NationalService national;

    @Inject
    Caller caller;

    @Inject
    FamilyAidConfig config;

    @POST
    @Path("/{infno}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.INSTITUTION)
    @Operation(operationId = "nationalTransaction", summary = "A national transaction; infno in the path (and the body)",
            description = "By an institution, as itself (the envelope's `fixmedins_code` is the token's), for HIS/POS code"
                    + " that speaks the national interface: 9001, 2201, 2206/2207/2208, 2101/2102/2103, 2601 and 3201,"
                    + " mapped onto this service's own operations (the same checks, ledger commands and records as"
                    + " REST). 2207/2102 are idempotent by `msgid`; after a lost answer send 2601 with `omsgid`, then"
                    + " settle again with a new `msgid`. 1101 is wallet-service's.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NationalEnvelope.Request.class), examples = @ExampleObject(name = "settle2207",
            summary = "2207: settle an outpatient bill", value = """
                    {"infno": "2207", "msgid": "H32010200001202611221030001", "mdtrtarea_admvs": "320102",
                     "insuplc_admdvs": "320102", "recer_sys_code": "HIS", "infver": "V1.0", "opter_type": "1",
                     "opter": "0001", "opter_name": "收费员", "inf_time": "2026-11-22 10:30:00",
                     "fixmedins_code": "H32010200001", "fixmedins_name": "南京市鼓楼医院", "sign_no": "",
                     "input": {"data": {"psn_no": "P0001", "mdtrt_cert_type": "02",
                     "mdtrt_cert_no": "320102198001010016", "insutype": "310", "med_type": "11",
                     "medfee_sumamt": "200.00", "acct_used_flag": "1", "mdtrt_id": "MD20261122000001"}}}""")))
    @APIResponse(responseCode = "200", description = "The national response envelope: `infcode` 0 with the"
            + " transaction's `output`, or -1 with the rule or code and the reason in `err_msg` (a business refusal).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = NationalEnvelope.Response.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: a malformed envelope: not a JSON object, no or a bad"
            + " `infno` (or one that differs from the path's), no `msgid` (at most 30 characters), `fixmedins_code`,"
            + " `mdtrtarea_admvs` (6 digits) or `input`.")
    @APIResponse(responseCode = "403", description = "`FIXMEDINS_MISMATCH`: `fixmedins_code` is not the token's"
            + " institution.")
    public Map<String, Object> byPath(@Parameter(description = "The transaction number", example = "2207")
                                      @PathParam("infno") String infno, JsonNode body) {
        return call(infno, body);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.INSTITUTION)
    @Operation(operationId = "nationalTransactionByBody", summary = "A national transaction; infno in the body",
            description = "By an institution, as itself (the envelope's `fixmedins_code` is the token's), for HIS/POS code"
                    + " that speaks the national interface: 9001, 2201, 2206/2207/2208, 2101/2102/2103, 2601 and 3201,"
                    + " mapped onto this service's own operations (the same checks, ledger commands and records as"
                    + " REST). 2207/2102 are idempotent by `msgid`; after a lost answer send 2601 with `omsgid`, then"
                    + " settle again with a new `msgid`. 1101 is wallet-service's.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NationalEnvelope.Request.class), examples = @ExampleObject(name = "settle2207",
            summary = "2207: settle an outpatient bill", value = """
                    {"infno": "2207", "msgid": "H32010200001202611221030001", "mdtrtarea_admvs": "320102",
                     "insuplc_admdvs": "320102", "recer_sys_code": "HIS", "infver": "V1.0", "opter_type": "1",
                     "opter": "0001", "opter_name": "收费员", "inf_time": "2026-11-22 10:30:00",
                     "fixmedins_code": "H32010200001", "fixmedins_name": "南京市鼓楼医院", "sign_no": "",
                     "input": {"data": {"psn_no": "P0001", "mdtrt_cert_type": "02",
                     "mdtrt_cert_no": "320102198001010016", "insutype": "310", "med_type": "11",
                     "medfee_sumamt": "200.00", "acct_used_flag": "1", "mdtrt_id": "MD20261122000001"}}}""")))
    @APIResponse(responseCode = "200", description = "The national response envelope: `infcode` 0 with the"
            + " transaction's `output`, or -1 with the rule or code and the reason in `err_msg` (a business refusal).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = NationalEnvelope.Response.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: a malformed envelope: not a JSON object, no or a bad"
            + " `infno` (or one that differs from the path's), no `msgid` (at most 30 characters), `fixmedins_code`,"
            + " `mdtrtarea_admvs` (6 digits) or `input`.")
    @APIResponse(responseCode = "403", description = "`FIXMEDINS_MISMATCH`: `fixmedins_code` is not the token's"
            + " institution.")
    public Map<String, Object> byBody(JsonNode body) {
        return call(null, body);
    }

    private Map<String, Object> call(String pathInfno, JsonNode body) {
        ZonedDateTime received = ZonedDateTime.now(config.settlement().zone());
        NationalService.Envelope e = envelope(pathInfno, body);
        try {
            return answer(received, e, 0, null, national.handle(caller, e));
        } catch (RuleViolation v) {
            if (v.status == 401 || (v.status == 403 && "FIXMEDINS_MISMATCH".equals(v.code))) {
                throw v;
            }
            // the platform's way: HTTP 200, infcode -1, the rule and its reason in err_msg
            return answer(received, e, -1, v.code + ": " + v.getMessage() + fields(v), null);
        }
    }

    private static String fields(RuleViolation v) {
        if (v.errors == null || v.errors.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        v.errors.forEach(f -> b.append(b.length() > 2 ? "; " : "").append(f.field()).append(' ').append(f.message()));
        return b.append(')').toString();
    }

    /** The envelope's own fields; a malformed envelope is a 400 problem naming the field. */
    private NationalService.Envelope envelope(String pathInfno, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw RuleViolation.badField("body", "VALIDATION", "must be the national request envelope (a JSON object)");
        }
        String infno = text(body, "infno");
        if (infno == null) {
            infno = pathInfno;
        }
        if (infno == null || !INFNO.matcher(infno).matches()) {
            throw RuleViolation.badField("infno", "VALIDATION", "must be a transaction number such as 2207");
        }
        if (pathInfno != null && !pathInfno.equals(infno)) {
            throw RuleViolation.badField("infno", "VALIDATION", "differs from the path's " + pathInfno);
        }
        String msgid = text(body, "msgid");
        if (msgid == null || msgid.length() > 30) {
            throw RuleViolation.badField("msgid", "VALIDATION", "is required, at most 30 characters");
        }
        String code = text(body, "fixmedins_code");
        if (code == null || code.length() > 30) {
            throw RuleViolation.badField("fixmedins_code", "VALIDATION", "is required, at most 30 characters");
        }
        String area = text(body, "mdtrtarea_admvs");
        if (area == null || !ADMDVS.matcher(area).matches()) {
            throw RuleViolation.badField("mdtrtarea_admvs", "VALIDATION", "must be a 6-digit admdvs");
        }
        JsonNode input = body.get("input");
        if (input == null || !input.isObject()) {
            throw RuleViolation.badField("input", "VALIDATION", "must be an object of named nodes");
        }
        if (!caller.is(Caller.INSTITUTION) || !code.equals(caller.fixmedinsCode())) {
            throw RuleViolation.forbidden("FIXMEDINS_MISMATCH", "fixmedins_code is not the token's institution");
        }
        return new NationalService.Envelope(infno, msgid, code, area, input);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || !v.isValueNode() ? null : NationalMapping.text(body, field, false);
    }

    private Map<String, Object> answer(ZonedDateTime received, NationalService.Envelope e, int infcode, String error,
                                       Map<String, Object> output) {
        ZonedDateTime now = ZonedDateTime.now(config.settlement().zone());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("infcode", infcode);
        r.put("inf_refmsgid", e.mdtrtareaAdmvs() + now.format(REF_TIME)
                + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L)));
        r.put("refmsg_time", received.format(MSG_TIME));
        r.put("respond_time", now.format(MSG_TIME));
        r.put("err_msg", error);
        r.put("warn_msg", null);
        r.put("cainfo", null);
        r.put("signtype", null);
        r.put("output", output == null ? Map.of() : output);
        if (error != null) {
            // the transaction and the code only: the message may name a person
            LOG.debugf("national %s refused", e.infno());
        }
        return r;
    }
}
