package cn.familyaid.settlement.openapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/**
 * The national interface's envelopes as the OpenAPI document shows them. Documentation only:
 * {@code national/NationalResource} reads the request and writes the answer as JSON trees (unknown envelope fields
 * ignored), so these records are never built; they follow what it reads and writes. What {@code input} and
 * {@code output} hold depends on {@code infno}: the README's section "For HIS vendors".
 */
public final class NationalEnvelope {
    private NationalEnvelope() {
    }

    @Schema(name = "NationalRequest", description = "The national request envelope (医疗保障信息平台 定点医药机构接口)."
            + " The envelope's other fields are accepted and ignored (those listed here and any other, such as"
            + " `serv_code`, `serv_sign` or `recer_admvs`).", additionalProperties = Schema.True.class)
    public record Request(
            @Schema(pattern = "[0-9]{4}[A-Z]?", description = "The transaction: 9001, 2201, 2206/2207/2208,"
                    + " 2101/2102/2103, 2601, 3201. Optional on `/hsa/{infno}` (must then be the path's).",
                    examples = "2207") String infno,
            @Schema(required = true, maxLength = 30, description = "The message id; for 2207/2102 the institution's"
                    + " settlement id (idempotency key).", examples = "H32010200001202611221030001") String msgid,
            @JsonProperty("mdtrtarea_admvs") @Schema(required = true, pattern = "[0-9]{6}",
                    description = "The institution's region.", examples = "320102") String mdtrtareaAdmvs,
            @JsonProperty("fixmedins_code") @Schema(required = true, maxLength = 30,
                    description = "The institution; must be the token's `fixmedins_code`.", examples = "H32010200001")
            String fixmedinsCode,
            @Schema(required = true, description = "The transaction's named nodes (`data`, `druginfo`, `signIn`, …).")
            Map<String, Object> input,
            @JsonProperty("insuplc_admdvs") String insuplcAdmdvs,
            @JsonProperty("recer_sys_code") String recerSysCode,
            String infver,
            @JsonProperty("opter_type") String opterType,
            String opter,
            @JsonProperty("opter_name") String opterName,
            @JsonProperty("inf_time") String infTime,
            @JsonProperty("fixmedins_name") String fixmedinsName,
            @JsonProperty("sign_no") String signNo,
            String cainfo,
            String signtype) {
    }

    @Schema(name = "NationalResponse", description = "The national response envelope. A business refusal is HTTP 200"
            + " with `infcode` -1 and `err_msg` `<rule or code>: <reason>` (`R-SET-3: …`, `VALIDATION: … (<field>"
            + " <rule>)`, `UNSUPPORTED_INFNO`, `IDEMPOTENCY_CONFLICT`, …), as the national platform answers.")
    public record Response(
            @Schema(description = "0 done, -1 refused.") int infcode,
            @JsonProperty("inf_refmsgid") @Schema(description = "The answer's message id: region, time, random digits.")
            String infRefmsgid,
            @JsonProperty("refmsg_time") @Schema(description = "When the request was received, yyyyMMddHHmmssSSS"
                    + " (Asia/Shanghai).") String refmsgTime,
            @JsonProperty("respond_time") @Schema(description = "When the answer was sent, yyyyMMddHHmmssSSS.")
            String respondTime,
            @JsonProperty("err_msg") @Schema(description = "`<rule or code>: <reason>` when `infcode` is -1.")
            String errMsg,
            @JsonProperty("warn_msg") String warnMsg,
            String cainfo,
            String signtype,
            @Schema(description = "The transaction's answer (`setlinfo`, `setldetail`, `signinoutb`, `data`,"
                    + " `stmtinfo`, …); empty when `infcode` is -1.") Map<String, Object> output) {
    }
}
