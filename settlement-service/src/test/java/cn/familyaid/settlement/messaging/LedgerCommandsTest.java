package cn.familyaid.settlement.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The commands on the wire are exactly the contract's (wallet-service README "Ledger commands"). */
class LedgerCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final LedgerCommands.Institution PHARMACY = new LedgerCommands.Institution("P1", "PHARMACY", "320102", true);

    static List<String> fields(Object command) {
        JsonNode n = JSON.valueToTree(command);
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void settle_carries_its_type_requester_and_deadline() {
        LedgerCommands.Settle c = new LedgerCommands.Settle("S1:1:settle", "anything", "someone else", "P0001", 1234,
                true, true, false, PHARMACY, "S1", "2026-12-01T12:00:03Z");
        JsonNode n = JSON.valueToTree(c);
        assertThat(fields(c)).containsExactly("command_id", "type", "requester", "beneficiary_psn_no", "amount_fen",
                "use_account", "use_family", "wallet_admdvs_ok", "institution", "reference", "not_after");
        assertThat(n.get("type").asText()).isEqualTo("SETTLE");
        assertThat(n.get("requester").asText()).isEqualTo("settlement-service");
        assertThat(n.get("amount_fen").asLong()).isEqualTo(1234);
        assertThat(fields(PHARMACY)).containsExactly("fixmedins_code", "fixmedins_type", "admdvs", "wallet_enabled");
    }

    @Test
    void hold_for_plan_and_the_commands_on_a_hold() {
        LedgerCommands.HoldForPlan h = new LedgerCommands.HoldForPlan("P1:hold", null, null, "P0001", 10, true, false,
                true, PHARMACY, "P1", 900);
        assertThat(JSON.valueToTree(h).get("type").asText()).isEqualTo("HOLD_FOR_PLAN");
        assertThat(fields(h)).contains("expires_in_seconds").doesNotContain("not_after");
        LedgerCommands.OnHold post = new LedgerCommands.OnHold("S1:1:post", "POST_HOLD", null, "h-1");
        assertThat(fields(post)).containsExactly("command_id", "type", "requester", "hold_id");
        assertThatThrownBy(() -> new LedgerCommands.OnHold("x", "PAYOUT", null, "h-1"))
                .as("settlement-service never sends a payout").isInstanceOf(IllegalArgumentException.class);
    }
}
