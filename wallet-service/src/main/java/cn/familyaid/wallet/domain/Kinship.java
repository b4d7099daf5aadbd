package cn.familyaid.wallet.domain;

import java.util.Set;

/** 近亲属 near relatives (Civil Code), as binding-service records them. */
public final class Kinship {
    public static final Set<String> NEAR_RELATIONS =
            Set.of("SPOUSE", "PARENT", "CHILD", "SIBLING", "GRANDPARENT", "GRANDCHILD");

    private Kinship() {
    }

    public static boolean isNear(String relation) {
        return relation != null && NEAR_RELATIONS.contains(relation);
    }
}
