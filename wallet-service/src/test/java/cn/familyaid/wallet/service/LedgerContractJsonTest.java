package cn.familyaid.wallet.service;

import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.messaging.Reply;
import cn.familyaid.wallet.messaging.Reply.Code;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed contract writes and reads the JSON the requesters know. The expected replies and the hash are those the
 * ledger wrote before its replies were typed (from its map-built replies), so stored replies and request hashes
 * still match what the ledger writes now.
 */
class LedgerContractJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<Reply.Leg> LEGS = List.of(new Reply.Leg(1, "P1", "张三", "PERSONAL", "SELF", 1000, null),
            new Reply.Leg(2, "P2", null, "PERSONAL", null, 250, null));

    @Test
    void every_reply_shape_is_written_as_before_keys_sorted_nulls_kept() {
        assertThat(LedgerCommandService.write(Reply.refused(null, Code.VALIDATION, "command_id is required")))
                .isEqualTo("""
                        {"code":"VALIDATION","command_id":null,"message":"command_id is required","ok":false}""");
        assertThat(LedgerCommandService.write(Reply.refused("c-1", Code.VALIDATION,
                "expires_in_seconds must be between 1 and 3600").at("expires_in_seconds"))).isEqualTo("""
                {"code":"VALIDATION","command_id":"c-1","field":"expires_in_seconds","message":"expires_in_seconds \
                must be between 1 and 3600","ok":false}""");
        assertThat(LedgerCommandService.write(new Reply.Held("c-2", "h-2", LEGS, 40, "2026-12-01T17:15:10.123456Z")))
                .isEqualTo("""
                        {"cash_fen":40,"command_id":"c-2","expires_at":"2026-12-01T17:15:10.123456Z","hold_id":"h-2",\
                        "legs":[{"amount_fen":1000,"leg_no":1,"psn_name":"张三","psn_no":"P1","relation":"SELF",\
                        "source":"PERSONAL"},{"amount_fen":250,"leg_no":2,"psn_name":null,"psn_no":"P2",\
                        "relation":null,"source":"PERSONAL"}],"ok":true}""");
        assertThat(LedgerCommandService.write(new Reply.Posted("c-3", "h-3", LEGS, 0, 9000L))).isEqualTo("""
                {"balc_fen":9000,"cash_fen":0,"command_id":"c-3","hold_id":"h-3","legs":[{"amount_fen":1000,\
                "leg_no":1,"psn_name":"张三","psn_no":"P1","relation":"SELF","source":"PERSONAL"},\
                {"amount_fen":250,"leg_no":2,"psn_name":null,"psn_no":"P2","relation":null,"source":"PERSONAL"}],\
                "ok":true,"status":"POSTED"}""");
        assertThat(LedgerCommandService.write(new Reply.Posted("c-3", "h-3", List.of(), 500, null))).isEqualTo("""
                {"balc_fen":null,"cash_fen":500,"command_id":"c-3","hold_id":"h-3","legs":[],"ok":true,\
                "status":"POSTED"}""");
        assertThat(LedgerCommandService.write(new Reply.Voided("c-4", "h-4"))).isEqualTo("""
                {"command_id":"c-4","hold_id":"h-4","ok":true,"status":"VOIDED"}""");
        assertThat(LedgerCommandService.write(new Reply.Refunded("c-5", "h-5", List.of(LEGS.get(0),
                new Reply.Leg(2, "P2", null, "PERSONAL", null, 250, "WITHDRAWAL_PAYOUTS")), 5L))).isEqualTo("""
                {"balc_fen":5,"command_id":"c-5","hold_id":"h-5","legs":[{"amount_fen":1000,"leg_no":1,\
                "psn_name":"张三","psn_no":"P1","relation":"SELF","source":"PERSONAL"},{"amount_fen":250,\
                "leg_no":2,"psn_name":null,"psn_no":"P2","refunded_to":"WITHDRAWAL_PAYOUTS","relation":null,\
                "source":"PERSONAL"}],"ok":true,"status":"REFUNDED"}""");
        assertThat(LedgerCommandService.write(new Reply.WithdrawalHeld("c-6", "h-6", 700))).isEqualTo("""
                {"amount_fen":700,"command_id":"c-6","hold_id":"h-6","ok":true}""");
        assertThat(LedgerCommandService.write(new Reply.PaidOut("c-7", "h-7", 700, true, List.of("v1", "v2"))))
                .isEqualTo("""
                        {"account_closed":true,"command_id":"c-7","hold_id":"h-7","ok":true,"paid_fen":700,\
                        "voided_hold_ids":["v1","v2"]}""");
        assertThat(LedgerCommandService.write(new Reply.PaidOut("c-8", "h-8", 0, false, List.of()))).isEqualTo("""
                {"account_closed":false,"command_id":"c-8","hold_id":"h-8","ok":true,"paid_fen":0,\
                "voided_hold_ids":[]}""");
    }

    static final String SETTLE = """
            {"type":"SETTLE","command_id":"c-9","beneficiary_psn_no":"P1","amount_fen":12345,"use_account":true,\
            "use_family":true,"institution":{"wallet_enabled":true,"fixmedins_code":"P320","fixmedins_type":"PHARMACY",\
            "admdvs":"320102"},"reference":"S-1","not_after":"2026-12-01T17:15:10.5+08:00",\
            "requester":"settlement-service","extra":[1,2.50,null]}""";

    @Test
    void the_request_hash_is_that_of_the_received_json_as_before() throws Exception {
        assertThat(LedgerCommandService.hash(JSON.readTree(SETTLE)))
                .isEqualTo("f575dcc69c75a5af49107657c56c982ca2d41ff8acb9e368b9239a3192ac49ab");
    }

    @Test
    void a_command_is_read_as_the_record_of_its_type_its_deadline_parsed_once_unknown_fields_ignored()
            throws Exception {
        LedgerCommand c = LedgerCommandService.read(JSON.readTree(SETTLE));
        assertThat(c).isEqualTo(new LedgerCommand.Settle("c-9", "P1", 12345L, true, true,
                new LedgerCommand.Institution("P320", "PHARMACY", "320102", true), "S-1",
                LedgerCommand.NotAfter.of("2026-12-01T17:15:10.5+08:00"), "settlement-service"));
        assertThat(((LedgerCommand.Settle) c).notAfter().at())
                .isEqualTo(OffsetDateTime.parse("2026-12-01T17:15:10.5+08:00"));

        LedgerCommand.Settle bad = (LedgerCommand.Settle) LedgerCommandService.read(JSON.readTree("""
                {"type":"SETTLE","command_id":"c","not_after":"tomorrow"}"""));
        assertThat(bad.notAfter().text()).isEqualTo("tomorrow");
        assertThat(bad.notAfter().at()).isNull();

        assertThat(LedgerCommandService.read(JSON.readTree("""
                {"type":"PAYOUT","command_id":"c","hold_id":"h","close_account":true,"amount_fen":5}""")))
                .isEqualTo(new LedgerCommand.Payout("c", "h", true));
        assertThat(LedgerCommandService.read(JSON.readTree("""
                {"type":"HOLD_WITHDRAWAL","command_id":"c","psn_no":"P","reference":"W","requester":"withdrawal-service"}""")))
                .isEqualTo(new LedgerCommand.HoldWithdrawal("c", "P", null, "W", "withdrawal-service"));
        assertThat(LedgerCommandService.read(JSON.readTree("""
                {"type":"TELEPORT","command_id":"c"}"""))).isEqualTo(new LedgerCommand.Unknown("c", "TELEPORT", null));
        assertThat(LedgerCommandService.read(JSON.readTree("""
                {"command_id":"c"}"""))).isEqualTo(new LedgerCommand.Unknown("c", null, null));
    }

    @Test
    void a_command_is_written_with_its_type_and_read_back_the_same() throws Exception {
        List<LedgerCommand> all = List.of(
                LedgerCommand.settle("c-1", "P1", 100, true,
                        new LedgerCommand.Institution("H1", "HOSPITAL", "320102", false), "S", "2026-12-01T00:00Z"),
                new LedgerCommand.HoldForPlan("c-2", "P1", 100L, true, false,
                        new LedgerCommand.Institution("H1", "HOSPITAL", "320102", true), "S", 60),
                new LedgerCommand.PostHold("c-3", "h"), new LedgerCommand.VoidHold("c-4", "h"),
                new LedgerCommand.RefundHold("c-5", "h"), new LedgerCommand.HoldWithdrawal("c-6", "P1", 5L, "W"),
                new LedgerCommand.Payout("c-7", "h", false));
        for (LedgerCommand c : all) {
            String json = JSON.writeValueAsString(c);
            assertThat(JSON.readTree(json).path("type").asText()).isEqualTo(c.type());
            assertThat(LedgerCommandService.read(JSON.readTree(json))).isEqualTo(c);
        }
    }
}
