package cn.familyaid.wallet.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * binding-service's {@code proxy.changed} v1 (key: the grantor): {@code proxy_psn_no} may act for {@code psn_no}
 * while {@code active}; {@code version} strictly increases per {@code proxy_id}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProxyChangedEvent(@JsonProperty("event_id") UUID eventId, String type, Data data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(@JsonProperty("proxy_id") UUID proxyId,
                       @JsonProperty("psn_no") String psnNo,
                       @JsonProperty("proxy_psn_no") String proxyPsnNo,
                       Boolean active,
                       Long version) {
    }
}
