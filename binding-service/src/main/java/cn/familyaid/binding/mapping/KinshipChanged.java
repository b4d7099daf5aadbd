package cn.familyaid.binding.mapping;

import cn.familyaid.binding.domain.Kinship;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code kinship.changed} v1 data, one event per direction (key psn_no): what relative_psn_no is to psn_no, and the
 * direction's version (grows with every change; consumers apply only newer versions).
 */
public record KinshipChanged(
        @JsonProperty("psn_no") String psnNo,
        @JsonProperty("relative_psn_no") String relativePsnNo,
        String relation,
        boolean active,
        long version) {
    public static final String TOPIC = "kinship.changed";
    public static final String TYPE = "kinship.changed";
    public static final int SCHEMA_VERSION = 1;

    public static KinshipChanged of(Kinship k) {
        return new KinshipChanged(k.psnNo, k.relativePsnNo, k.relation.name(), k.active, k.version);
    }
}
