package cn.familyaid.withdrawal.domain;

import cn.familyaid.withdrawal.domain.LedgerSteps.Answer;
import cn.familyaid.withdrawal.domain.LedgerSteps.Effect;
import cn.familyaid.withdrawal.domain.LedgerSteps.Money;
import cn.familyaid.withdrawal.domain.LedgerSteps.Outcome;
import cn.familyaid.withdrawal.domain.LedgerSteps.State;
import cn.familyaid.withdrawal.domain.LedgerSteps.Step;
import cn.familyaid.withdrawal.domain.Withdrawal.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A withdrawal's ledger steps, as tables: every move between two states is legal exactly when the table says so;
 * every answer to every step from every state either moves the application as the table says (R-WD-1, -8, -10) or
 * is refused as a step the application cannot take there.
 */
class LedgerStepsTest {

    static State s(String status, String money) {
        return new State(Status.valueOf(status), Money.valueOf(money));
    }

    static List<State> all() {
        List<State> states = new ArrayList<>();
        for (Status st : Status.values()) {
            for (Money m : Money.values()) {
                states.add(new State(st, m));
            }
        }
        return states;
    }

    /** The legal moves that change something; staying is legal in every possible state. */
    static final Set<List<State>> MOVES = Set.of(
            List.of(s("SUBMITTED", "NONE"), s("SUBMITTED", "UNKNOWN")),
            List.of(s("SUBMITTED", "UNKNOWN"), s("SUBMITTED", "NONE")),
            List.of(s("SUBMITTED", "NONE"), s("APPROVED", "HELD")),
            List.of(s("SUBMITTED", "UNKNOWN"), s("APPROVED", "HELD")),
            List.of(s("SUBMITTED", "NONE"), s("REJECTED", "NONE")),
            List.of(s("SUBMITTED", "UNKNOWN"), s("REJECTED", "UNKNOWN")),
            List.of(s("APPROVED", "HELD"), s("PAID", "PAID")),
            List.of(s("APPROVED", "HELD"), s("CANCELLED", "RELEASED")),
            List.of(s("REJECTED", "UNKNOWN"), s("REJECTED", "HELD")),
            List.of(s("REJECTED", "UNKNOWN"), s("REJECTED", "RELEASED")),
            List.of(s("REJECTED", "HELD"), s("REJECTED", "RELEASED")));

    static final Set<State> POSSIBLE = Set.of(s("SUBMITTED", "NONE"), s("SUBMITTED", "UNKNOWN"),
            s("APPROVED", "HELD"), s("PAID", "PAID"), s("CANCELLED", "RELEASED"), s("REJECTED", "NONE"),
            s("REJECTED", "UNKNOWN"), s("REJECTED", "HELD"), s("REJECTED", "RELEASED"));

    @Test
    void every_move_is_legal_exactly_when_the_table_says_so_and_every_other_is_refused() {
        for (State from : all()) {
            assertThat(LedgerSteps.possible(from)).as("%s possible", from).isEqualTo(POSSIBLE.contains(from));
            for (State to : all()) {
                boolean expected = POSSIBLE.contains(from) && (from.equals(to) || MOVES.contains(List.of(from, to)));
                assertThat(LedgerSteps.legal(from, to)).as("%s → %s", from, to).isEqualTo(expected);
            }
        }
    }

    /** from status, from money, step, answer, payout sent → next status, next money, effect. */
    @ParameterizedTest(name = "{0}/{1} {2} {3} (payout sent {4}) → {5}/{6} {7}")
    @CsvSource({
            // approval (R-WD-10): APPROVED only once held
            "SUBMITTED, NONE,    HOLD, OK,          false, APPROVED,  HELD,     MOVED",
            "SUBMITTED, UNKNOWN, HOLD, OK,          false, APPROVED,  HELD,     MOVED",
            "SUBMITTED, NONE,    HOLD, REFUSED,     false, SUBMITTED, NONE,     REFUSED",
            "SUBMITTED, UNKNOWN, HOLD, REFUSED,     false, SUBMITTED, NONE,     REFUSED",
            "SUBMITTED, NONE,    HOLD, CONFLICT,    false, SUBMITTED, UNKNOWN,  REFUSED",
            "SUBMITTED, NONE,    HOLD, ROLLED_BACK, false, SUBMITTED, UNKNOWN,  RETRY",
            "SUBMITTED, NONE,    HOLD, TIMEOUT,     false, SUBMITTED, UNKNOWN,  RETRY",
            "SUBMITTED, UNKNOWN, HOLD, TIMEOUT,     false, SUBMITTED, UNKNOWN,  RETRY",
            // payout (R-WD-8)
            "APPROVED,  HELD,    PAYOUT, OK,          false, PAID,     PAID,    MOVED",
            "APPROVED,  HELD,    PAYOUT, TIMEOUT,     false, APPROVED, HELD,    RETRY",
            "APPROVED,  HELD,    PAYOUT, ROLLED_BACK, false, APPROVED, HELD,    RETRY",
            "APPROVED,  HELD,    PAYOUT, REFUSED,     false, APPROVED, HELD,    REFUSED",
            "APPROVED,  HELD,    PAYOUT, NOT_PENDING, false, APPROVED, HELD,    REFUSED",
            "APPROVED,  HELD,    PAYOUT, CONFLICT,    false, APPROVED, HELD,    REFUSED",
            // the person died before payout (R-WD-1): void, unless the payout went through first
            "APPROVED,  HELD,    VOID, OK,          false, CANCELLED, RELEASED, MOVED",
            "APPROVED,  HELD,    VOID, OK,          true,  CANCELLED, RELEASED, MOVED",
            "APPROVED,  HELD,    VOID, NOT_PENDING, true,  APPROVED,  HELD,     ASK_PAYOUT",
            "APPROVED,  HELD,    VOID, NOT_PENDING, false, APPROVED,  HELD,     REFUSED",
            "APPROVED,  HELD,    VOID, EXPIRED,     true,  APPROVED,  HELD,     REFUSED",
            "APPROVED,  HELD,    VOID, REFUSED,     false, APPROVED,  HELD,     REFUSED",
            "APPROVED,  HELD,    VOID, TIMEOUT,     true,  APPROVED,  HELD,     RETRY",
            "APPROVED,  HELD,    VOID, ROLLED_BACK, false, APPROVED,  HELD,     RETRY",
            // a rejected application's hold, asked again, then voided
            "REJECTED,  UNKNOWN, HOLD, OK,          false, REJECTED, HELD,     MOVED",
            "REJECTED,  UNKNOWN, HOLD, REFUSED,     false, REJECTED, RELEASED, MOVED",
            "REJECTED,  UNKNOWN, HOLD, CONFLICT,    false, REJECTED, UNKNOWN,  REFUSED",
            "REJECTED,  UNKNOWN, HOLD, ROLLED_BACK, false, REJECTED, UNKNOWN,  RETRY",
            "REJECTED,  UNKNOWN, HOLD, TIMEOUT,     false, REJECTED, UNKNOWN,  RETRY",
            "REJECTED,  HELD,    VOID, OK,          false, REJECTED, RELEASED, MOVED",
            "REJECTED,  HELD,    VOID, NOT_PENDING, false, REJECTED, RELEASED, MOVED",
            "REJECTED,  HELD,    VOID, EXPIRED,     false, REJECTED, RELEASED, MOVED",
            "REJECTED,  HELD,    VOID, REFUSED,     false, REJECTED, HELD,     REFUSED",
            "REJECTED,  HELD,    VOID, CONFLICT,    false, REJECTED, HELD,     REFUSED",
            "REJECTED,  HELD,    VOID, TIMEOUT,     false, REJECTED, HELD,     RETRY",
    })
    void an_answer_moves_the_application_as_the_table_says(String status, String money, Step step, Answer a,
                                                            boolean payoutSent, String nextStatus, String nextMoney,
                                                            Effect effect) {
        Outcome o = LedgerSteps.answer(s(status, money), step, a, payoutSent);
        assertThat(o.next()).isEqualTo(s(nextStatus, nextMoney));
        assertThat(o.effect()).isEqualTo(effect);
    }

    /** The states each step may be taken from; from any other, every answer is refused as an illegal step. */
    @Test
    void a_step_from_a_state_that_cannot_take_it_is_refused() {
        Set<State> hold = Set.of(s("SUBMITTED", "NONE"), s("SUBMITTED", "UNKNOWN"), s("REJECTED", "UNKNOWN"));
        Set<State> payout = Set.of(s("APPROVED", "HELD"));
        Set<State> voids = Set.of(s("APPROVED", "HELD"), s("REJECTED", "HELD"));
        for (State from : all()) {
            for (Step step : Step.values()) {
                Set<State> takes = step == Step.HOLD ? hold : step == Step.PAYOUT ? payout : voids;
                for (Answer a : Answer.values()) {
                    for (boolean payoutSent : new boolean[] {false, true}) {
                        if (takes.contains(from)) {
                            Outcome o = LedgerSteps.answer(from, step, a, payoutSent);
                            assertThat(LedgerSteps.legal(from, o.next())).as("%s %s %s", from, step, a).isTrue();
                        } else {
                            assertThatThrownBy(() -> LedgerSteps.answer(from, step, a, payoutSent))
                                    .as("%s %s %s", from, step, a).isInstanceOf(IllegalStateException.class);
                        }
                    }
                }
            }
        }
    }

    @Test
    void a_rejection_keeps_the_money_where_it_is_and_is_refused_once_decided() {
        assertThat(LedgerSteps.rejected(s("SUBMITTED", "NONE"))).isEqualTo(s("REJECTED", "NONE"));
        assertThat(LedgerSteps.rejected(s("SUBMITTED", "UNKNOWN"))).isEqualTo(s("REJECTED", "UNKNOWN"));
        for (State from : all()) {
            if (from.status() != Status.SUBMITTED) {
                assertThatThrownBy(() -> LedgerSteps.rejected(from)).as("%s", from)
                        .isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void the_stored_application_gives_its_state() {
        assertThat(State.of(Status.SUBMITTED, false, false)).isEqualTo(s("SUBMITTED", "NONE"));
        assertThat(State.of(Status.SUBMITTED, true, false)).isEqualTo(s("SUBMITTED", "UNKNOWN"));
        assertThat(State.of(Status.APPROVED, true, false)).isEqualTo(s("APPROVED", "HELD"));
        assertThat(State.of(Status.PAID, true, false)).isEqualTo(s("PAID", "PAID"));
        assertThat(State.of(Status.CANCELLED, true, true)).isEqualTo(s("CANCELLED", "RELEASED"));
        assertThat(State.of(Status.REJECTED, false, true)).isEqualTo(s("REJECTED", "NONE"));
        assertThat(State.of(Status.REJECTED, true, false)).isEqualTo(s("REJECTED", "UNKNOWN"));
        assertThat(State.of(Status.REJECTED, true, true)).isEqualTo(s("REJECTED", "RELEASED"));
    }

    @Test
    void a_reply_gives_its_answer() {
        assertThat(Answer.of(true, null)).isEqualTo(Answer.OK);
        assertThat(Answer.of(false, "INTERNAL")).isEqualTo(Answer.ROLLED_BACK);
        assertThat(Answer.of(false, "HOLD_NOT_PENDING")).isEqualTo(Answer.NOT_PENDING);
        assertThat(Answer.of(false, "HOLD_EXPIRED")).isEqualTo(Answer.EXPIRED);
        assertThat(Answer.of(false, "IDEMPOTENCY_CONFLICT")).isEqualTo(Answer.CONFLICT);
        assertThat(Answer.of(false, "INSUFFICIENT_BALANCE")).isEqualTo(Answer.REFUSED);
        assertThat(Answer.of(false, null)).isEqualTo(Answer.REFUSED);
    }
}
