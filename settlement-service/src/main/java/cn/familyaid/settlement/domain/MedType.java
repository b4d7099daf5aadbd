package cn.familyaid.settlement.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static cn.familyaid.settlement.domain.InstitutionKind.CHECKUP;
import static cn.familyaid.settlement.domain.InstitutionKind.HOSPITAL;
import static cn.familyaid.settlement.domain.InstitutionKind.PHARMACY;

/**
 * 医疗类别 {@code med_type}: what the money is spent on, and where account money may pay for it (R-SET-5).
 * Codes follow the national 2-digit style; 5x/6x are the region-optional uses, 9x the refused ones.
 * A refused use, a use at the wrong kind of institution, or an optional use the insured region has
 * not opened is refused outright (403 R-SET-5), not silently settled in cash: it is not an
 * insurance settlement at all.
 */
public enum MedType {
    OUTPATIENT("11", EnumSet.of(HOSPITAL), null),
    CHRONIC_SPECIAL_DISEASE("14", EnumSet.of(HOSPITAL, PHARMACY), null),
    INPATIENT("21", EnumSet.of(HOSPITAL), null),
    PHARMACY_PURCHASE("41", EnumSet.of(PHARMACY), null),
    CHECKUP_EXAM("51", EnumSet.of(CHECKUP), "CHECKUP"),
    RESIDENT_PREMIUM("61", EnumSet.allOf(InstitutionKind.class), null),
    COMMERCIAL_PREMIUM("62", EnumSet.allOf(InstitutionKind.class), "COMMERCIAL_PREMIUM"),
    LTC_PREMIUM("63", EnumSet.allOf(InstitutionKind.class), "LTC_PREMIUM"),
    PUBLIC_HEALTH("91", EnumSet.noneOf(InstitutionKind.class), null),
    FITNESS("92", EnumSet.noneOf(InstitutionKind.class), null),
    WELLNESS("93", EnumSet.noneOf(InstitutionKind.class), null);

    public final String code;
    public final Set<InstitutionKind> allowedAt;
    /** The region policy's extra category that must be present, or null when always allowed. */
    public final String regionCategory;

    MedType(String code, Set<InstitutionKind> allowedAt, String regionCategory) {
        this.code = code;
        this.allowedAt = allowedAt;
        this.regionCategory = regionCategory;
    }

    public boolean refusedEverywhere() {
        return allowedAt.isEmpty();
    }

    public static Optional<MedType> of(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }
}
