package cn.familyaid.settlement.domain;

import cn.familyaid.settlement.domain.SettlementAttempt.Answer;
import cn.familyaid.settlement.domain.SettlementAttempt.Hold;
import cn.familyaid.settlement.domain.SettlementAttempt.Response;
import cn.familyaid.settlement.domain.SettlementAttempt.State;
import cn.familyaid.settlement.domain.SettlementAttempt.Status;
import cn.familyaid.settlement.domain.SettlementAttempt.Step;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attempt's state machine against a model of the ledger: whatever the ledger did with a one-shot SETTLE
 * (executed or not) and whatever the service saw of it (an answer, or none), and however many times the resolver
 * had to ask again, the attempt ends COMPLETED exactly when its money is posted, and FAILED only with its money
 * back; every move on the way is legal.
 */
class SettlementAttemptProperties {

    /** What the ledger did with the command, and what the service saw. */
    record Trial(boolean executed, Answer seen, List<Answer> resolverNoise) {
    }

    @Provide
    Arbitrary<Trial> trials() {
        Arbitrary<Boolean> executed = Arbitraries.of(true, false);
        Arbitrary<List<Answer>> noise = Arbitraries.of(Answer.ROLLED_BACK, Answer.TIMEOUT).list().ofMaxSize(4);
        return executed.flatMap(e -> {
            // an executed command answers OK, unless its reply was lost; one not executed was refused, was late,
            // was rolled back, or its request was lost
            Arbitrary<Answer> seen = e ? Arbitraries.of(Answer.OK, Answer.TIMEOUT)
                    : Arbitraries.of(Answer.REFUSED, Answer.LATE, Answer.ROLLED_BACK, Answer.TIMEOUT);
            return seen.flatMap(s -> noise.map(n -> new Trial(e, s, n)));
        });
    }

    @Property(tries = 2_000)
    void a_one_shot_attempt_ends_completed_exactly_when_its_money_is_posted(@ForAll("trials") Trial t) {
        boolean posted = t.executed(); // the ledger's truth: money in the clearing account
        State s = new State(Status.PENDING, Hold.NONE);
        SettlementAttempt.Outcome o = SettlementAttempt.answer(Step.SETTLE, t.seen());
        assertThat(SettlementAttempt.legal(s, o.next())).isTrue();
        s = o.next();
        if (o.response() == Response.CREATED) {
            assertThat(posted).as("told CREATED, the money is posted").isTrue();
        }
        // the resolver: re-send by id after the deadline, until a definitive answer; then refund what was posted
        if (o.mustResolve()) {
            assertThat(s.hold()).isEqualTo(Hold.UNKNOWN);
            Hold learnt = null;
            for (Answer noise : t.resolverNoise()) {
                assertThat(SettlementAttempt.learnt(noise)).as("no definitive answer from %s", noise).isNull();
            }
            // past its deadline the ledger answers the stored reply, or refuses the command as late for good
            learnt = SettlementAttempt.learnt(posted ? Answer.OK : Answer.LATE);
            State learnt2 = new State(Status.FAILED, learnt);
            assertThat(SettlementAttempt.legal(s, learnt2)).isTrue();
            s = learnt2;
            if (s.hold() == Hold.POSTED) {
                State refunded = new State(Status.FAILED, Hold.REFUNDED);
                assertThat(SettlementAttempt.legal(s, refunded)).isTrue();
                s = refunded;
                posted = false; // the ledger refunded every leg
            }
        }
        assertThat(s.status() == Status.COMPLETED).as("completed ⇔ posted, %s", t).isEqualTo(posted);
        if (s.status() == Status.FAILED) {
            assertThat(SettlementAttempt.settled(s.hold())).as("a failed attempt keeps no money").isTrue();
            assertThat(SettlementAttempt.mayRetry(s)).isTrue();
            assertThat(SettlementAttempt.legal(s, new State(Status.PENDING, Hold.NONE))).isTrue();
        }
    }

    @Property
    void a_pre_settlements_post_that_did_not_complete_always_leaves_its_hold_to_release(
            @ForAll("postAnswers") Answer a) {
        SettlementAttempt.Outcome o = SettlementAttempt.answer(Step.POST, a);
        assertThat(o.next().status()).isEqualTo(Status.FAILED);
        assertThat(o.next().hold()).isEqualTo(Hold.HELD);
        assertThat(o.mustResolve()).isTrue();
        assertThat(SettlementAttempt.mayRetry(o.next())).as("no retry while money is held").isFalse();
    }

    @Provide
    Arbitrary<Answer> postAnswers() {
        return Arbitraries.of(Answer.REFUSED, Answer.LATE, Answer.ROLLED_BACK, Answer.TIMEOUT);
    }

    @Test
    void illegal_moves_are_refused() {
        State failedHeld = new State(Status.FAILED, Hold.HELD);
        assertThat(SettlementAttempt.legal(failedHeld, new State(Status.PENDING, Hold.NONE)))
                .as("a retry while the old money is held").isFalse();
        assertThat(SettlementAttempt.legal(new State(Status.PENDING, Hold.NONE), new State(Status.COMPLETED, Hold.HELD)))
                .as("completed with money merely held").isFalse();
        assertThat(SettlementAttempt.legal(new State(Status.REVERSED, Hold.REFUNDED), new State(Status.COMPLETED,
                Hold.POSTED))).as("a reversal undone").isFalse();
        assertThat(SettlementAttempt.legal(new State(Status.COMPLETED, Hold.POSTED), new State(Status.FAILED,
                Hold.POSTED))).as("a completed settlement failed afterwards").isFalse();
        assertThat(SettlementAttempt.answer(Step.SETTLE, Answer.REFUSED).response()).isEqualTo(Response.CONFLICT);
        assertThat(SettlementAttempt.answer(Step.SETTLE, Answer.LATE).response()).isEqualTo(Response.UNAVAILABLE);
        assertThat(SettlementAttempt.answer(Step.SETTLE, Answer.ROLLED_BACK).mustResolve()).isFalse();
        assertThat(SettlementAttempt.answer(Step.SETTLE, Answer.TIMEOUT).mustResolve()).isTrue();
    }
}
