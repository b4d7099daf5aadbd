package cn.familyaid.binding.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * 近亲属 near relative (Civil Code): what one person is to another. A relation always says what the
 * <em>other</em> person is to the first one named. The spouse's parents are deliberately absent (R-BIND-3).
 */
public enum Relation {
    SPOUSE, PARENT, CHILD, SIBLING, GRANDPARENT, GRANDCHILD;

    public static final Set<Relation> NEAR_RELATIVES = EnumSet.allOf(Relation.class);

    /** What the first person is to the other: a parent's child sees the parent as PARENT, so the inverse is CHILD. */
    public Relation inverse() {
        return switch (this) {
            case SPOUSE -> SPOUSE;
            case SIBLING -> SIBLING;
            case PARENT -> CHILD;
            case CHILD -> PARENT;
            case GRANDPARENT -> GRANDCHILD;
            case GRANDCHILD -> GRANDPARENT;
        };
    }
}
