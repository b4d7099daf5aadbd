package cn.familyaid.binding.mapping;

import cn.familyaid.binding.domain.Proxy;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code proxy.changed} v1 data (key: the grantor's psn_no): {@code proxy_psn_no} (the agent) may act for
 * {@code psn_no} while {@code active}. A proxy only goes ACTIVE → REVOKED (a new grant is a new proxy_id), so
 * {@code version} is 1 when granted and 2 when revoked: strictly increasing per proxy_id.
 */
public record ProxyChanged(
        @JsonProperty("proxy_id") String proxyId,
        @JsonProperty("psn_no") String psnNo,
        @JsonProperty("proxy_psn_no") String proxyPsnNo,
        boolean active,
        long version) {
    public static final String TOPIC = "proxy.changed";
    public static final String TYPE = "proxy.changed";
    public static final int SCHEMA_VERSION = 1;

    public static ProxyChanged of(Proxy p) {
        boolean active = p.status == Proxy.Status.ACTIVE;
        return new ProxyChanged(p.id.toString(), p.psnNo, p.agentPsnNo, active, active ? 1 : 2);
    }
}
