package cn.familyaid.withdrawal.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The six legal cases of 个人账户支取 (R-WD-1..6), each with the evidence it needs.
 * Evidence is a list of groups: every group must be met, and a group is met by any one of its types
 * (a group of one type is a plain "required" item, a larger group is a one-of group {@code a|b|c} of the contract).
 */
public enum Reason {
    DEATH("R-WD-1", true, List.of(List.of(EvidenceType.DEATH_CERTIFICATE), List.of(EvidenceType.RELATIONSHIP_PROOF))),
    EMIGRATION("R-WD-2", true, List.of(List.of(EvidenceType.SETTLEMENT_ABROAD_PROOF,
            EvidenceType.HOUSEHOLD_DEREGISTRATION, EvidenceType.PERMANENT_RESIDENCE))),
    VOLUNTARY_EXIT("R-WD-3", true, List.of(List.of(EvidenceType.EXIT_CONFIRMATION))),
    SERIOUS_ILLNESS("R-WD-4", false, List.of(List.of(EvidenceType.DIAGNOSIS_PROOF), List.of(EvidenceType.ITEMISED_BILL))),
    LONG_TERM_ELSEWHERE("R-WD-5", true, List.of(List.of(EvidenceType.LONG_TERM_FILING,
            EvidenceType.RESIDENCE_ABROAD_PROOF))),
    REGION_NOT_ACCEPTING("R-WD-6", true, List.of(List.of(EvidenceType.RESIGNATION_PROOF),
            List.of(EvidenceType.REFUSAL_NOTICE)));

    /** The rule that allows this case (root README, Rules: R-WD-1..6). */
    public final String rule;
    /** R-WD-8: a full withdrawal takes the whole balance and closes the account; serious illness does neither. */
    public final boolean full;
    private final List<List<EvidenceType>> evidence;

    Reason(String rule, boolean full, List<List<EvidenceType>> evidence) {
        this.rule = rule;
        this.full = full;
        this.evidence = evidence;
    }

    /** The evidence groups this case needs; moving abroad adds the visa page to R-WD-6. */
    public List<List<EvidenceType>> requiredEvidence(boolean movingAbroad) {
        if (this == REGION_NOT_ACCEPTING && movingAbroad) {
            List<List<EvidenceType>> withVisa = new ArrayList<>(evidence);
            withVisa.add(List.of(EvidenceType.VISA_PAGE));
            return withVisa;
        }
        return evidence;
    }

    /** Each unmet group, named as on the wire ({@code A} or {@code A|B|C}), in the table's order. */
    public List<String> missingEvidence(Set<EvidenceType> given, boolean movingAbroad) {
        List<String> missing = new ArrayList<>();
        for (List<EvidenceType> group : requiredEvidence(movingAbroad)) {
            if (group.stream().noneMatch(given::contains)) {
                missing.add(String.join("|", group.stream().map(Enum::name).toList()));
            }
        }
        return missing;
    }
}
