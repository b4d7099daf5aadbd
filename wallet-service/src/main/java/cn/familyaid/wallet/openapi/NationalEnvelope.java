package cn.familyaid.wallet.openapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The national interface's 1101 envelopes as the OpenAPI document shows them. Documentation only:
 * {@code national/PersonInfoResource} reads the request and writes the answer as JSON trees (unknown request fields
 * ignored), so these records are never built; they follow what it reads and writes.
 */
public final class NationalEnvelope {
    private NationalEnvelope() {
    }

    @Schema(name = "NationalRequest1101", description = "The national request envelope of 1101, person and insurance"
            + " info by credential. The envelope's other fields are accepted and ignored (those listed here and any"
            + " other, such as `serv_code` or `recer_admvs`).", additionalProperties = Schema.True.class)
    public record Request(
            @Schema(description = "The transaction number; optional on `/hsa/1101` (must then be 1101).",
                    examples = "1101") String infno,
            @Schema(required = true, maxLength = 30, description = "The message id.", examples = "H44030500001202611221030001")
            String msgid,
            @JsonProperty("mdtrtarea_admvs") @Schema(required = true, pattern = "[0-9]{6}",
                    description = "The region of the institution.", examples = "440305") String mdtrtareaAdmvs,
            @JsonProperty("fixmedins_code") @Schema(required = true,
                    description = "The institution; must be the token's `fixmedins_code`.", examples = "H44030500001")
            String fixmedinsCode,
            @Schema(required = true) Input input,
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

    @Schema(name = "NationalRequest1101Input", additionalProperties = Schema.True.class)
    public record Input(@Schema(required = true) Data data) {
    }

    @Schema(name = "NationalRequest1101Data", description = "The credential presented.",
            additionalProperties = Schema.True.class)
    public record Data(
            @JsonProperty("mdtrt_cert_type") @Schema(required = true, enumeration = {"01", "02", "03"},
                    description = "01 e-voucher (医保电子凭证: `mdtrt_cert_no` is the psn_no), 02 ID card, 03"
                            + " social-security card (the certificate number).") String mdtrtCertType,
            @JsonProperty("mdtrt_cert_no") @Schema(required = true, maxLength = 50, examples = "DEMO0003")
            String mdtrtCertNo) {
    }

    @Schema(name = "NationalResponse1101", description = "The national response envelope. `infcode` 0: found;"
            + " -1: refused, the code and reason in `err_msg` (`NOT_FOUND: …` for an unknown credential).")
    public record Response(
            @Schema(description = "0 found, -1 refused.") int infcode,
            @JsonProperty("inf_refmsgid") @Schema(description = "The answer's message id: region, time, random digits.")
            String infRefmsgid,
            @JsonProperty("refmsg_time") @Schema(description = "When the request was received, yyyyMMddHHmmssSSS"
                    + " (Asia/Shanghai).") String refmsgTime,
            @JsonProperty("respond_time") @Schema(description = "When the answer was sent, yyyyMMddHHmmssSSS.")
            String respondTime,
            @JsonProperty("err_msg") @Schema(description = "`<code>: <reason>` when `infcode` is -1.") String errMsg,
            @JsonProperty("warn_msg") String warnMsg,
            String cainfo,
            String signtype,
            @Schema(description = "Empty when `infcode` is -1.") Output output) {
    }

    @Schema(name = "NationalResponse1101Output")
    public record Output(BaseInfo baseinfo, List<InsuInfo> insuinfo, List<Map<String, Object>> idetinfo) {
    }

    @Schema(name = "NationalBaseInfo", description = "The person; name and certificate number masked.")
    public record BaseInfo(
            @JsonProperty("psn_no") String psnNo,
            @JsonProperty("psn_cert_type") String psnCertType,
            @Schema(examples = "440305********0013") String certno,
            @JsonProperty("psn_name") @Schema(examples = "张*") String psnName,
            @Schema(description = "1 male, 2 female, from an 18-character resident ID; else null.") String gend,
            String naty,
            @Schema(description = "yyyy-MM-dd, from an 18-character resident ID; else null.") String brdy,
            Integer age) {
    }

    @Schema(name = "NationalInsuInfo", description = "The insurance; `balc` the own personal account's balance.")
    public record InsuInfo(
            @Schema(description = "Yuan.") BigDecimal balc,
            String insutype,
            @JsonProperty("psn_type") String psnType,
            @JsonProperty("psn_insu_stas") String psnInsuStas,
            @JsonProperty("psn_insu_date") String psnInsuDate,
            @JsonProperty("paus_insu_date") String pausInsuDate,
            @JsonProperty("cvlserv_flag") @Schema(examples = "0") String cvlservFlag,
            @JsonProperty("insuplc_admdvs") String insuplcAdmdvs,
            @JsonProperty("emp_name") String empName) {
    }
}
