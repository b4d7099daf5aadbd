package cn.familyaid.binding.mapping;

import cn.familyaid.binding.domain.Kinship;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A recorded kinship, the direction that was asked for, and the inverse stored with it. */
public record KinshipView(
        @JsonProperty("psn_no") String psnNo,
        @JsonProperty("relative_psn_no") String relativePsnNo,
        String relation,
        @JsonProperty("inverse_relation") String inverseRelation,
        boolean active) {

    public static KinshipView of(Kinship forward, Kinship inverse) {
        return new KinshipView(forward.psnNo, forward.relativePsnNo, forward.relation.name(),
                inverse.relation.name(), forward.active);
    }
}
