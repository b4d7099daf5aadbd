package cn.familyaid.binding.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /proxies}: {@code psn_no} lets {@code agent_psn_no} act for them (亲情账户). */
public record ProxyRequest(
        @JsonProperty("psn_no") @NotBlank @Pattern(regexp = BindingRequests.PSN_NO, message = BindingRequests.PSN_NO_MESSAGE) String psnNo,
        @JsonProperty("agent_psn_no") @NotBlank @Pattern(regexp = BindingRequests.PSN_NO, message = BindingRequests.PSN_NO_MESSAGE) String agentPsnNo) {
}
