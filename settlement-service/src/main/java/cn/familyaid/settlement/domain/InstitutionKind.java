package cn.familyaid.settlement.domain;

/** Kinds of designated institutions: 定点医疗机构, 定点零售药店, 定点体检机构. */
public enum InstitutionKind {
    HOSPITAL, PHARMACY, CHECKUP
}
