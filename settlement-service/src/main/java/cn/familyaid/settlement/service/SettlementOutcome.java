package cn.familyaid.settlement.service;

import cn.familyaid.settlement.mapping.SettlementView;

/** A settlement answer and whether it was created now (201) or replayed (200). */
public record SettlementOutcome(SettlementView view, boolean created) {
}
