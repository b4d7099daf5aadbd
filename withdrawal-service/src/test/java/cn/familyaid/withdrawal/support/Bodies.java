package cn.familyaid.withdrawal.support;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request bodies of the withdrawal API. */
public final class Bodies {
    private Bodies() {
    }

    public static Map<String, Object> evidence(String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("ref", "doc-" + type.toLowerCase());
        return e;
    }

    /** An itemised bill; bills of different amounts are different bills (refs), one bill counts once (R-WD-4). */
    public static Map<String, Object> bill(String amount) {
        Map<String, Object> e = evidence("ITEMISED_BILL");
        e.put("ref", "doc-itemised_bill-" + amount);
        e.put("amount", new BigDecimal(amount));
        return e;
    }

    /** The complete evidence of a reason (first choice of each one-of group); bills of 1,000.00. */
    public static List<Map<String, Object>> fullEvidence(String reason) {
        return switch (reason) {
            case "DEATH" -> List.of(evidence("DEATH_CERTIFICATE"), evidence("RELATIONSHIP_PROOF"));
            case "EMIGRATION" -> List.of(evidence("SETTLEMENT_ABROAD_PROOF"));
            case "VOLUNTARY_EXIT" -> List.of(evidence("EXIT_CONFIRMATION"));
            case "SERIOUS_ILLNESS" -> List.of(evidence("DIAGNOSIS_PROOF"), bill("1000.00"));
            case "LONG_TERM_ELSEWHERE" -> List.of(evidence("LONG_TERM_FILING"));
            case "REGION_NOT_ACCEPTING" -> List.of(evidence("RESIGNATION_PROOF"), evidence("REFUSAL_NOTICE"));
            default -> throw new IllegalArgumentException(reason);
        };
    }

    public static Map<String, Object> withdrawal(String psnNo, String reason, People.Person applicant,
                                                 String relation, List<Map<String, Object>> evidence,
                                                 String holderName, String amount) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("request_id", "req-" + UUID.randomUUID());
        b.put("psn_no", psnNo);
        b.put("reason", reason);
        b.put("applicant", Map.of("psn_name", applicant.name(), "certno", applicant.certno(), "relation", relation));
        b.put("evidence", new ArrayList<>(evidence));
        b.put("bank_account", Map.of("bank", "中国银行", "account_no", "6217000010001234567",
                "holder_name", holderName));
        if (amount != null) {
            b.put("amount", new BigDecimal(amount));
        }
        return b;
    }

    /** The person applies for themselves with complete evidence. */
    public static Map<String, Object> own(People.Person p, String reason) {
        return withdrawal(p.psnNo(), reason, p, "SELF", fullEvidence(reason), p.name(),
                reason.equals("SERIOUS_ILLNESS") ? "800.00" : null);
    }

    public static Map<String, Object> decision(String decision, String note) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("decision", decision);
        if (note != null) {
            d.put("note", note);
        }
        return d;
    }
}
