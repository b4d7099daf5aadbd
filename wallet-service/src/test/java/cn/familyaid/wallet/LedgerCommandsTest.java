package cn.familyaid.wallet;

import cn.familyaid.wallet.service.HoldExpirySweep;
import cn.familyaid.wallet.support.Events;
import cn.familyaid.wallet.support.Family;
import cn.familyaid.wallet.support.LedgerRequester;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.familyaid.wallet.support.Family.all;
import static cn.familyaid.wallet.support.Family.cap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger commands end to end: a SmallRye KafkaRequestReply requester on the real broker, the responder,
 * the real database. Names cite the rules (root README, Rules) each behaviour implements.
 */
@QuarkusTest
class LedgerCommandsTest {
    static final String HOSPITAL = "H32010200001";

    @Inject
    LedgerRequester ledger;

    @Inject
    Family family;

    @Inject
    HoldExpirySweep sweep;

    static String holdForPlan(String commandId, String beneficiary, long amountFen, boolean useAccount,
                              boolean useFamily, String instAdmdvs, boolean walletEnabled, int expiresIn) {
        return """
                {"command_id":"%s","type":"HOLD_FOR_PLAN","beneficiary_psn_no":"%s","amount_fen":%d,
                 "use_account":%s,"use_family":%s,"wallet_admdvs_ok":true,
                 "institution":{"fixmedins_code":"%s","fixmedins_type":"HOSPITAL","admdvs":"%s","wallet_enabled":%s},
                 "reference":"SETL-%s","expires_in_seconds":%d}"""
                .formatted(commandId, beneficiary, amountFen, useAccount, useFamily, HOSPITAL, instAdmdvs,
                        walletEnabled, commandId, expiresIn);
    }

    static String onHold(String type, String commandId, String holdId) {
        return "{\"command_id\":\"%s\",\"type\":\"%s\",\"hold_id\":\"%s\"}".formatted(commandId, type, holdId);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    JsonPath hold(String beneficiary, long amountFen) {
        return ledger.request(beneficiary, holdForPlan(id(), beneficiary, amountFen, true, true, "320102", true, 600));
    }

    @Test
    void plan_draws_own_account_then_own_wallet_then_funders_in_deduction_order_rest_cash_R_SET_2() {
        String son = family.person("李小明", "310", "320102");
        String mother = family.person("王芳", "310", "320102");
        String father = family.person("李强", "310", "320104");
        family.credit(son, 10_000);
        family.wallet(son, "320102");
        family.fundWallet(son, 5_000);
        family.credit(mother, 50_000);
        family.credit(father, 10_000);
        // mother shares at most 30 yuan; father everything above a retained 20 yuan
        family.plan(son, 1, cap(mother, "CHILD", 3_000, 0, 1), all(father, "CHILD", 2_000, 2));

        JsonPath r = hold(son, 30_000);
        assertThat(r.getBoolean("ok")).isTrue();
        assertThat(r.getList("legs.psn_no")).containsExactly(son, son, mother, father);
        assertThat(r.getList("legs.source")).containsExactly("PERSONAL", "WALLET", "PERSONAL", "PERSONAL");
        assertThat(r.getList("legs.relation")).containsExactly("SELF", "SELF", "CHILD", "CHILD");
        assertThat(r.getList("legs.amount_fen", Long.class)).containsExactly(10_000L, 5_000L, 3_000L, 8_000L);
        assertThat(r.getLong("cash_fen")).isEqualTo(4_000);
        assertThat(family.held(father, "PERSONAL")).isEqualTo(8_000);

        JsonPath posted = ledger.request(son, onHold("POST_HOLD", id(), r.getString("hold_id")));
        assertThat(posted.getBoolean("ok")).isTrue();
        assertThat(posted.getString("status")).isEqualTo("POSTED");
        assertThat(family.balance(son, "PERSONAL")).isZero();
        assertThat(family.balance(son, "WALLET")).isZero();
        assertThat(family.balance(mother, "PERSONAL")).isEqualTo(47_000);
        assertThat(family.balance(father, "PERSONAL")).isEqualTo(2_000);
        assertThat(family.held(father, "PERSONAL")).isZero();
        long clearing = family.query("SELECT balance FROM account WHERE code = ?", rs -> rs.getLong(1),
                "CLEARING:" + HOSPITAL).get(0);
        assertThat(clearing).isGreaterThanOrEqualTo(26_000);
        // ledger.posted for each person whose money moved, through the outbox
        List<String> postedEvents = family.query("SELECT payload FROM outbox_event WHERE topic = 'ledger.posted' "
                + "AND msg_key = ? ORDER BY seq", rs -> rs.getString(1), father);
        JsonPath fatherPosted = JsonPath.from(postedEvents.get(postedEvents.size() - 1));
        assertThat(fatherPosted.getString("data.reason")).isEqualTo("settlement");
        assertThat(fatherPosted.getLong("data.amount_fen")).isEqualTo(8_000);
        assertThat(fatherPosted.getString("data.reference")).startsWith("SETL-");
        assertThat(fatherPosted.getList("data.transfer_ids")).hasSize(1);
    }

    @Test
    void a_cap_counts_what_the_mandate_already_paid_and_the_retained_minimum_is_never_shared_R_BIND_6() {
        String child = family.person("张小", "390", "320102");
        String mother = family.person("王芳", "310", "320102");
        family.credit(mother, 100_000);
        family.plan(child, 1, cap(mother, "CHILD", 5_000, 97_000, 1));

        JsonPath first = hold(child, 4_000);
        assertThat(first.getList("legs.amount_fen", Long.class)).containsExactly(3_000L); // above 970 yuan only
        assertThat(ledger.request(child, onHold("POST_HOLD", id(), first.getString("hold_id"))).getBoolean("ok"))
                .isTrue();
        family.credit(mother, 10_000);
        JsonPath second = hold(child, 4_000);
        assertThat(second.getList("legs.amount_fen", Long.class)).as("cap 50 yuan − 30 already paid")
                .containsExactly(2_000L);
        assertThat(second.getLong("cash_fen")).isEqualTo(2_000);
    }

    @Test
    void the_wallet_pays_only_at_a_wallet_enabled_institution_of_its_region_R_WAL_4() {
        String p = family.person("赵六", "390", "440305");
        family.wallet(p, "440305");
        family.fundWallet(p, 5_000);
        JsonPath elsewhere = ledger.request(p, holdForPlan(id(), p, 1_000, true, true, "320102", true, 600));
        assertThat(elsewhere.getList("legs")).isEmpty();
        assertThat(elsewhere.getLong("cash_fen")).isEqualTo(1_000);
        JsonPath notEnabled = ledger.request(p, holdForPlan(id(), p, 1_000, true, true, "440305", false, 600));
        assertThat(notEnabled.getList("legs")).isEmpty();
        JsonPath here = ledger.request(p, holdForPlan(id(), p, 1_000, true, true, "440305", true, 600));
        assertThat(here.getList("legs.source")).containsExactly("WALLET");
    }

    @Test
    void without_acct_used_flag_or_family_funds_nothing_is_drawn_R_SET_2() {
        String child = family.person("张小", "310", "320102");
        String mother = family.person("王芳", "310", "320102");
        family.credit(child, 1_000);
        family.credit(mother, 10_000);
        family.plan(child, 1, all(mother, "CHILD", 0, 1));
        JsonPath noAccount = ledger.request(child, holdForPlan(id(), child, 5_000, false, true, "320102", true, 600));
        assertThat(noAccount.getList("legs")).isEmpty();
        assertThat(noAccount.getLong("cash_fen")).isEqualTo(5_000);
        JsonPath noFamily = ledger.request(child, holdForPlan(id(), child, 5_000, true, false, "320102", true, 600));
        assertThat(noFamily.getList("legs.psn_no")).containsExactly(child);
        assertThat(noFamily.getLong("cash_fen")).isEqualTo(4_000);
    }

    @Test
    void a_deceased_funder_no_longer_pays_R_BIND_10() {
        String child = family.person("张小", "390", "320102");
        String father = family.person("张大", "310", "320102");
        family.credit(father, 10_000);
        family.plan(child, 1, all(father, "CHILD", 0, 1));
        family.dies(father);
        JsonPath r = hold(child, 5_000);
        assertThat(r.getList("legs")).isEmpty();
        assertThat(r.getLong("cash_fen")).isEqualTo(5_000);
    }

    @Test
    void same_command_id_and_content_gives_the_same_reply_other_content_is_refused() {
        String p = family.person("钱七", "310", "320102");
        family.credit(p, 10_000);
        String commandId = id();
        String command = holdForPlan(commandId, p, 3_000, true, true, "320102", true, 600);
        JsonPath first = ledger.request(p, command);
        JsonPath again = ledger.request(p, command);
        assertThat(again.prettify()).isEqualTo(first.prettify());
        assertThat(family.held(p, "PERSONAL")).as("held once").isEqualTo(3_000);
        JsonPath other = ledger.request(p, holdForPlan(commandId, p, 4_000, true, true, "320102", true, 600));
        assertThat(other.getBoolean("ok")).isFalse();
        assertThat(other.getString("code")).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(family.held(p, "PERSONAL")).isEqualTo(3_000);

        // a stored refusal stays a refusal: the retry cannot turn it into a payment
        String postId = id();
        String voidIt = onHold("VOID_HOLD", id(), first.getString("hold_id"));
        assertThat(ledger.request(p, voidIt).getString("status")).isEqualTo("VOIDED");
        JsonPath refused = ledger.request(p, onHold("POST_HOLD", postId, first.getString("hold_id")));
        assertThat(refused.getString("code")).isEqualTo("HOLD_NOT_PENDING");
        assertThat(ledger.request(p, onHold("POST_HOLD", postId, first.getString("hold_id"))).getString("code"))
                .isEqualTo("HOLD_NOT_PENDING");
        assertThat(family.held(p, "PERSONAL")).isZero();
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
    }

    @Test
    void a_reversal_refunds_every_account_exactly_what_it_paid_and_restores_the_cap_R_SET_7() {
        String child = family.person("张小", "310", "320102");
        String mother = family.person("王芳", "310", "320102");
        family.credit(child, 1_000);
        family.credit(mother, 10_000);
        family.plan(child, 1, cap(mother, "CHILD", 2_000, 0, 1));
        JsonPath h = hold(child, 5_000);
        String holdId = h.getString("hold_id");
        assertThat(ledger.request(child, onHold("POST_HOLD", id(), holdId)).getBoolean("ok")).isTrue();
        JsonPath refund = ledger.request(child, onHold("REFUND_HOLD", id(), holdId));
        assertThat(refund.getString("status")).isEqualTo("REFUNDED");
        assertThat(refund.getList("legs.amount_fen", Long.class)).containsExactly(1_000L, 2_000L);
        assertThat(family.balance(child, "PERSONAL")).isEqualTo(1_000);
        assertThat(family.balance(mother, "PERSONAL")).isEqualTo(10_000);
        assertThat(ledger.request(child, onHold("REFUND_HOLD", id(), holdId)).getString("code"))
                .as("refunded once").isEqualTo("HOLD_NOT_PENDING");
        assertThat(hold(child, 5_000).getList("legs.amount_fen", Long.class)).as("the cap is whole again")
                .containsExactly(1_000L, 2_000L);
        List<String> reasons = family.query("SELECT t.reason FROM ledger_transfer t WHERE t.hold_id = ?::uuid "
                + "ORDER BY t.id", rs -> rs.getString(1), holdId);
        assertThat(reasons).containsExactly("settlement", "settlement", "reversal", "reversal");
    }

    @Test
    void an_expired_hold_releases_its_money_by_itself_and_cannot_be_posted() {
        String p = family.person("孙八", "310", "320102");
        family.credit(p, 10_000);
        JsonPath h = ledger.request(p, holdForPlan(id(), p, 4_000, true, true, "320102", true, 1));
        assertThat(family.held(p, "PERSONAL")).isEqualTo(4_000);
        Events.await("the expiry of the hold", () -> {
            sweep.sweepOnce();
            return family.held(p, "PERSONAL") == 0;
        });
        assertThat(family.query("SELECT status FROM hold WHERE id = ?::uuid", rs -> rs.getString(1),
                h.getString("hold_id"))).containsExactly("EXPIRED");
        JsonPath post = ledger.request(p, onHold("POST_HOLD", id(), h.getString("hold_id")));
        assertThat(post.getString("code")).isEqualTo("HOLD_EXPIRED");
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(10_000);
    }

    @Test
    void money_pending_withdrawal_cannot_be_spent_then_payout_closes_the_account_R_WD_10_R_WD_8() {
        String p = family.person("周九", "310", "320102");
        family.credit(p, 10_000);
        JsonPath wd = ledger.request(p, """
                {"command_id":"%s","type":"HOLD_WITHDRAWAL","psn_no":"%s","amount_fen":null,"reference":"WD-1"}"""
                .formatted(id(), p));
        assertThat(wd.getBoolean("ok")).isTrue();
        assertThat(wd.getLong("amount_fen")).isEqualTo(10_000);
        JsonPath spend = hold(p, 3_000);
        assertThat(spend.getList("legs")).as("R-WD-10").isEmpty();
        assertThat(spend.getLong("cash_fen")).isEqualTo(3_000);

        JsonPath payout = ledger.request(p, """
                {"command_id":"%s","type":"PAYOUT","hold_id":"%s","close_account":true}"""
                .formatted(id(), wd.getString("hold_id")));
        assertThat(payout.getBoolean("ok")).isTrue();
        assertThat(payout.getLong("paid_fen")).isEqualTo(10_000);
        assertThat(payout.getBoolean("account_closed")).isTrue();
        assertThat(family.account(p, "PERSONAL").status()).isEqualTo("CLOSED");
        assertThat(family.balance(p, "PERSONAL")).isZero();
        List<String> closed = family.query("SELECT payload FROM outbox_event WHERE msg_key = ? AND topic = ?",
                rs -> rs.getString(1), p, "account.closed");
        assertThat(closed).hasSize(1);
        assertThat(JsonPath.from(closed.get(0)).getString("data.reason")).isEqualTo("WITHDRAWAL");
        JsonPath again = ledger.request(p, """
                {"command_id":"%s","type":"HOLD_WITHDRAWAL","psn_no":"%s","amount_fen":null,"reference":"WD-2"}"""
                .formatted(id(), p));
        assertThat(again.getString("code")).isEqualTo("ACCOUNT_CLOSED");
    }

    static String withdrawAll(String psn) {
        return """
                {"command_id":"%s","type":"HOLD_WITHDRAWAL","psn_no":"%s","amount_fen":null,"reference":"WD-%s"}"""
                .formatted(id(), psn, psn);
    }

    static String payout(String holdId, boolean close) {
        return """
                {"command_id":"%s","type":"PAYOUT","hold_id":"%s","close_account":%s}""".formatted(id(), holdId, close);
    }

    @Test
    void a_closing_payout_voids_the_accounts_pending_holds_and_pays_the_whole_balance_R_WD_8() {
        String p = family.person("郑一", "310", "320102");
        String child = family.person("郑小", "390", "320102");
        family.credit(p, 10_000);
        family.plan(child, 1, all(p, "CHILD", 0, 1));
        JsonPath own = hold(p, 2_000); // the person's own settlement in progress
        JsonPath forChild = hold(child, 3_000); // a mutual-aid hold drawing on the person
        assertThat(forChild.getList("legs.psn_no")).containsExactly(p);
        JsonPath wd = ledger.request(p, withdrawAll(p));
        assertThat(wd.getLong("amount_fen")).isEqualTo(5_000);

        JsonPath paid = ledger.request(p, payout(wd.getString("hold_id"), true));
        assertThat(paid.getBoolean("ok")).isTrue();
        assertThat(paid.getLong("paid_fen")).as("the whole balance leaves").isEqualTo(10_000);
        assertThat(paid.getList("voided_hold_ids")).containsExactlyInAnyOrder(own.getString("hold_id"),
                forChild.getString("hold_id"));
        assertThat(family.account(p, "PERSONAL").status()).isEqualTo("CLOSED");
        assertThat(family.balance(p, "PERSONAL")).as("nothing stranded in the closed account").isZero();
        assertThat(family.held(p, "PERSONAL")).isZero();
        for (String holdId : List.of(own.getString("hold_id"), forChild.getString("hold_id"))) {
            assertThat(family.query("SELECT status FROM hold WHERE id = ?::uuid", rs -> rs.getString(1), holdId))
                    .containsExactly("VOIDED");
            assertThat(ledger.request(p, onHold("POST_HOLD", id(), holdId)).getString("code"))
                    .isEqualTo("HOLD_NOT_PENDING");
        }
        assertThat(family.query("SELECT coalesce(sum(amount_fen), 0) FROM ledger_transfer WHERE reason = 'withdrawal' "
                + "AND hold_id = ?::uuid", rs -> rs.getLong(1), wd.getString("hold_id"))).containsExactly(10_000L);
    }

    @Test
    void a_refund_for_an_account_closed_since_goes_to_the_withdrawal_payouts_not_into_the_dead_account_R_SET_7_R_WD_8() {
        String p = family.person("郑二", "310", "320102");
        family.credit(p, 10_000);
        JsonPath settled = hold(p, 3_000);
        assertThat(ledger.request(p, onHold("POST_HOLD", id(), settled.getString("hold_id"))).getBoolean("ok")).isTrue();
        JsonPath wd = ledger.request(p, withdrawAll(p));
        assertThat(ledger.request(p, payout(wd.getString("hold_id"), true)).getLong("paid_fen")).isEqualTo(7_000);

        JsonPath refund = ledger.request(p, onHold("REFUND_HOLD", id(), settled.getString("hold_id")));
        assertThat(refund.getString("status")).isEqualTo("REFUNDED");
        assertThat(refund.getList("legs.refunded_to")).containsExactly("WITHDRAWAL_PAYOUTS");
        assertThat(family.account(p, "PERSONAL").status()).isEqualTo("CLOSED");
        assertThat(family.balance(p, "PERSONAL")).as("a closed account holds nothing").isZero();
        List<String> refundedTo = family.query("SELECT c.code FROM ledger_transfer t JOIN account c ON c.id = "
                + "t.credit_account_id WHERE t.hold_id = ?::uuid AND t.reason = 'reversal'", rs -> rs.getString(1),
                settled.getString("hold_id"));
        assertThat(refundedTo).containsExactly("WITHDRAWAL_PAYOUTS");
    }

    @Test
    void a_hold_may_last_at_most_an_hour() {
        String p = family.person("郑三", "310", "320102");
        family.credit(p, 10_000);
        JsonPath tooLong = ledger.request(p, holdForPlan(id(), p, 1_000, true, true, "320102", true, 3_601));
        assertThat(tooLong.getString("code")).isEqualTo("VALIDATION");
        assertThat(tooLong.getString("field")).isEqualTo("expires_in_seconds");
        assertThat(tooLong.getString("message")).contains("expires_in_seconds");
        assertThat(family.held(p, "PERSONAL")).isZero();
        assertThat(ledger.request(p, holdForPlan(id(), p, 1_000, true, true, "320102", true, 3_600)).getBoolean("ok"))
                .isTrue();
    }

    @Test
    void a_deceased_persons_frozen_account_pays_out_to_the_heir_only_R_WD_1() {
        String p = family.person("吴十", "310", "320102");
        family.credit(p, 8_000);
        family.dies(p);
        assertThat(family.account(p, "PERSONAL").status()).isEqualTo("FROZEN");
        assertThat(hold(p, 1_000).getList("legs")).as("nothing leaves a frozen account").isEmpty();
        JsonPath wd = ledger.request(p, """
                {"command_id":"%s","type":"HOLD_WITHDRAWAL","psn_no":"%s","amount_fen":5000,"reference":"WD-3"}"""
                .formatted(id(), p));
        assertThat(wd.getLong("amount_fen")).isEqualTo(5_000);
        JsonPath payout = ledger.request(p, """
                {"command_id":"%s","type":"PAYOUT","hold_id":"%s","close_account":false}"""
                .formatted(id(), wd.getString("hold_id")));
        assertThat(payout.getLong("paid_fen")).isEqualTo(5_000);
        assertThat(family.balance(p, "PERSONAL")).isEqualTo(3_000);
        JsonPath tooMuch = ledger.request(p, """
                {"command_id":"%s","type":"HOLD_WITHDRAWAL","psn_no":"%s","amount_fen":3001,"reference":"WD-4"}"""
                .formatted(id(), p));
        assertThat(tooMuch.getString("code")).isEqualTo("INSUFFICIENT_BALANCE");
    }

    @Test
    void malformed_and_unknown_commands_are_refused_with_validation() {
        JsonPath unknown = ledger.request("X", "{\"command_id\":\"%s\",\"type\":\"STEAL\"}".formatted(id()));
        assertThat(unknown.getString("code")).isEqualTo("VALIDATION");
        JsonPath noHold = ledger.request("X", onHold("POST_HOLD", id(), UUID.randomUUID().toString()));
        assertThat(noHold.getString("code")).isEqualTo("NOT_FOUND");
        JsonPath negative = ledger.request("X", holdForPlan(id(), "NOBODY", -1, true, true, "320102", true, 60));
        assertThat(negative.getString("code")).isEqualTo("VALIDATION");
        assertThat((Map<?, ?>) Map.of()).isEmpty();
    }
}
