package cn.familyaid.wallet.domain;

import cn.familyaid.wallet.domain.FundingPlan.Allocation;
import cn.familyaid.wallet.domain.FundingPlan.Candidate;
import cn.familyaid.wallet.domain.FundingPlan.Leg;
import cn.familyaid.wallet.domain.FundingPlan.Source;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the allocation of a bill over own accounts and funders (R-SET-2, R-BIND-6), for any input. */
class FundingPlanProperties {

    @Provide
    Arbitrary<List<Candidate>> candidates() {
        Arbitrary<Candidate> one = Combinators.combine(
                Arbitraries.longs().between(1, 4),                    // account id: repeats allowed
                Arbitraries.longs().between(0, 1_000_000),            // available
                Arbitraries.longs().between(0, 300_000),              // retained minimum
                Arbitraries.oneOf(Arbitraries.just(FundingPlan.NO_CAP), Arbitraries.longs().between(0, 500_000)),
                Arbitraries.of(Source.PERSONAL, Source.WALLET))
                .as((acct, available, retained, cap, source) -> new Candidate(acct, "P" + acct, "某" + acct, source,
                        "CHILD", "B" + acct, available, retained, cap));
        return one.list().ofMaxSize(6);
    }

    @Property
    void the_legs_and_the_cash_sum_to_the_bill(@ForAll @LongRange(max = 3_000_000) long bill,
                                               @ForAll("candidates") List<Candidate> candidates) {
        Allocation a = FundingPlan.allocate(bill, candidates);
        assertThat(a.drawnFen() + a.cashFen()).isEqualTo(bill);
        assertThat(a.cashFen()).isGreaterThanOrEqualTo(0);
        assertThat(a.legs()).allSatisfy(l -> assertThat(l.amountFen()).isPositive());
    }

    @Property
    void no_leg_exceeds_its_cap_R_BIND_6(@ForAll @LongRange(max = 3_000_000) long bill,
                                         @ForAll("candidates") List<Candidate> candidates) {
        for (Leg l : FundingPlan.allocate(bill, candidates).legs()) {
            assertThat(l.amountFen()).isLessThanOrEqualTo(l.from().capLeftFen());
        }
    }

    @Property
    void no_account_gives_more_than_it_has_nor_goes_below_a_retained_minimum_R_BIND_6(
            @ForAll @LongRange(max = 3_000_000) long bill, @ForAll("candidates") List<Candidate> candidates) {
        Map<Long, Long> drawn = new HashMap<>();
        for (Leg l : FundingPlan.allocate(bill, candidates).legs()) {
            long total = drawn.merge(l.from().accountId(), l.amountFen(), Long::sum);
            assertThat(total).isLessThanOrEqualTo(l.from().availableFen());
            assertThat(l.from().availableFen() - total).isGreaterThanOrEqualTo(l.from().retainedMinFen());
        }
    }

    @Property
    void sources_are_drawn_in_the_given_order_and_a_later_one_only_when_the_earlier_ones_are_spent_R_SET_2(
            @ForAll @LongRange(max = 3_000_000) long bill, @ForAll("candidates") List<Candidate> candidates) {
        Allocation a = FundingPlan.allocate(bill, candidates);
        List<Integer> positions = new ArrayList<>();
        for (Leg l : a.legs()) {
            positions.add(indexOf(candidates, l.from()));
        }
        assertThat(positions).isSorted();
        assertThat(a.legs()).extracting(Leg::legNo).containsExactlyElementsOf(
                IntStream.rangeClosed(1, a.legs().size()).boxed().toList());
        // cash only when every source gave all it could
        if (a.cashFen() > 0) {
            Map<Long, Long> drawn = new HashMap<>();
            a.legs().forEach(l -> drawn.merge(l.from().accountId(), l.amountFen(), Long::sum));
            for (Candidate c : candidates) {
                long fromThis = a.legs().stream().filter(l -> l.from() == c).mapToLong(Leg::amountFen).sum();
                long accountLeft = c.availableFen() - drawn.getOrDefault(c.accountId(), 0L);
                boolean exhausted = fromThis == c.capLeftFen() || accountLeft <= c.retainedMinFen();
                assertThat(exhausted).as("source %s could have paid more", c).isTrue();
            }
        }
    }

    private static int indexOf(List<Candidate> list, Candidate c) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == c) {
                return i;
            }
        }
        throw new AssertionError("leg from an unknown source");
    }
}
