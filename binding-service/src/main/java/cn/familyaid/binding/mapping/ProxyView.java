package cn.familyaid.binding.mapping;

import cn.familyaid.binding.domain.Proxy;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;

/** A 亲情账户 proxy authorization over the API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyView(
        @JsonProperty("proxy_id") String proxyId,
        @JsonProperty("psn_no") String psnNo,
        @JsonProperty("agent_psn_no") String agentPsnNo,
        String status,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("revoked_at") OffsetDateTime revokedAt) {

    public static ProxyView of(Proxy p) {
        return new ProxyView(p.id.toString(), p.psnNo, p.agentPsnNo, p.status.name(), p.createdAt, p.revokedAt);
    }
}
