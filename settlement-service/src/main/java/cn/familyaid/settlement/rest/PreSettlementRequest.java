package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.domain.Bill;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/** Body of {@code POST /settlements/pre} (like 2206 / 2101). */
public record PreSettlementRequest(
        @JsonProperty("fixmedins_code") @NotBlank @Size(max = 32) String fixmedinsCode,
        @JsonProperty("psn_no") @NotBlank @Size(max = 30) String psnNo,
        @JsonProperty("mdtrt_cert_type") @NotBlank @Pattern(regexp = "0[123]", message = "must be 01, 02 or 03") String mdtrtCertType,
        @JsonProperty("mdtrt_cert_no") @NotBlank @Size(max = 50) String mdtrtCertNo,
        @NotBlank @Pattern(regexp = "\\d{3}", message = "must be a 3-digit code such as 310 or 390") String insutype,
        @JsonProperty("med_type") @NotBlank @Pattern(regexp = "\\d{2}", message = "must be a 2-digit code") String medType,
        @JsonProperty("medfee_sumamt") @NotNull BigDecimal medfeeSumamt,
        @JsonProperty("fund_pay_sumamt") @NotNull BigDecimal fundPaySumamt,
        @JsonProperty("acct_used_flag") @NotBlank @Pattern(regexp = "[01]", message = "must be \"0\" or \"1\"") String acctUsedFlag,
        @JsonProperty("mdtrtarea_admvs") @NotBlank @Pattern(regexp = "\\d{6}", message = "must be a 6-digit admdvs") String mdtrtareaAdmvs,
        @Valid ProxyRequest proxy) {

    Bill bill() {
        return BillFields.bill(fixmedinsCode, psnNo, mdtrtCertType, mdtrtCertNo, insutype, medType, medfeeSumamt,
                fundPaySumamt, acctUsedFlag, mdtrtareaAdmvs, proxy);
    }
}
