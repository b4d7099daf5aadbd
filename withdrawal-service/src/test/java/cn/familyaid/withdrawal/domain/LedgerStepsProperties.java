package cn.familyaid.withdrawal.domain;

import cn.familyaid.withdrawal.domain.LedgerSteps.Answer;
import cn.familyaid.withdrawal.domain.LedgerSteps.Effect;
import cn.familyaid.withdrawal.domain.LedgerSteps.Money;
import cn.familyaid.withdrawal.domain.LedgerSteps.Outcome;
import cn.familyaid.withdrawal.domain.LedgerSteps.State;
import cn.familyaid.withdrawal.domain.LedgerSteps.Step;
import cn.familyaid.withdrawal.domain.Withdrawal.Status;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger steps against any sequence of answers: every move is legal, an application is PAID only by a PAYOUT the
 * ledger executed, and a lost reply — answers that settle nothing, however many, before the ledger's stored answer —
 * ends in exactly one outcome.
 */
class LedgerStepsProperties {

    /** A step and the ledger's answer to it; no step: the agency rejects the application. */
    record Move(Step step, Answer answer, boolean payoutSent) {
    }

    @Provide
    Arbitrary<List<Move>> walks() {
        return Combinators.combine(Arbitraries.of(Step.class).injectNull(0.1), Arbitraries.of(Answer.class),
                Arbitraries.of(true, false)).as(Move::new).list().ofMaxSize(40);
    }

    @Property(tries = 2_000)
    void whatever_the_ledger_answers_every_move_is_legal_and_only_an_executed_payout_pays(
            @ForAll("walks") List<Move> walk) {
        State s = new State(Status.SUBMITTED, Money.NONE);
        for (Move m : walk) {
            if (m.step() == null) {
                if (s.status() == Status.SUBMITTED) {
                    State rejected = LedgerSteps.rejected(s);
                    assertThat(rejected.money()).as("a rejection moves no money").isEqualTo(s.money());
                    s = rejected;
                }
                continue;
            }
            Outcome o;
            try {
                o = LedgerSteps.answer(s, m.step(), m.answer(), m.payoutSent());
            } catch (IllegalStateException notHere) {
                continue; // a step this state cannot take: refused, the state is unchanged
            }
            assertThat(LedgerSteps.legal(s, o.next())).as("%s %s", s, m).isTrue();
            if (o.next().status() == Status.PAID && s.status() != Status.PAID) {
                assertThat(m.step()).isEqualTo(Step.PAYOUT);
                assertThat(m.answer()).isEqualTo(Answer.OK);
            }
            if (o.effect() != Effect.MOVED) {
                assertThat(o.next().status()).as("only a move changes the status").isEqualTo(s.status());
            }
            s = o.next();
            assertThat(LedgerSteps.possible(s)).isTrue();
        }
    }

    @Provide
    Arbitrary<List<Answer>> noise() {
        return Arbitraries.of(Answer.TIMEOUT, Answer.ROLLED_BACK).list().ofMaxSize(8);
    }

    @Property(tries = 500)
    void a_payout_whose_reply_was_lost_is_paid_exactly_once_when_the_stored_answer_comes(
            @ForAll("noise") List<Answer> lost) {
        State s = new State(Status.APPROVED, Money.HELD);
        int paid = 0;
        for (Answer a : lost) {
            Outcome o = LedgerSteps.answer(s, Step.PAYOUT, a, true);
            assertThat(o.effect()).isEqualTo(Effect.RETRY);
            assertThat(o.next()).isEqualTo(s);
        }
        Outcome stored = LedgerSteps.answer(s, Step.PAYOUT, Answer.OK, true);
        if (stored.effect() == Effect.MOVED) {
            paid++;
        }
        s = stored.next();
        assertThat(s).isEqualTo(new State(Status.PAID, Money.PAID));
        for (Step again : Step.values()) {
            State paidState = s;
            assertThat(catchIllegal(() -> LedgerSteps.answer(paidState, again, Answer.OK, true)))
                    .as("nothing more is sent for a PAID application: %s", again).isTrue();
        }
        assertThat(paid).isEqualTo(1);
    }

    private static boolean catchIllegal(Runnable r) {
        try {
            r.run();
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
