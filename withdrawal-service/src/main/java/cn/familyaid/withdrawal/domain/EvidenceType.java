package cn.familyaid.withdrawal.domain;

/** Evidence type codes of the withdrawal contract (withdrawal-service README, Exposed Endpoints). */
public enum EvidenceType {
    DEATH_CERTIFICATE, RELATIONSHIP_PROOF,
    SETTLEMENT_ABROAD_PROOF, HOUSEHOLD_DEREGISTRATION, PERMANENT_RESIDENCE,
    EXIT_CONFIRMATION,
    DIAGNOSIS_PROOF, ITEMISED_BILL,
    LONG_TERM_FILING, RESIDENCE_ABROAD_PROOF,
    RESIGNATION_PROOF, REFUSAL_NOTICE, VISA_PAGE;

    public static EvidenceType parse(String code) {
        for (EvidenceType t : values()) {
            if (t.name().equals(code)) {
                return t;
            }
        }
        return null;
    }
}
