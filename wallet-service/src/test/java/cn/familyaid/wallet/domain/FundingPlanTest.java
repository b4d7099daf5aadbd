package cn.familyaid.wallet.domain;

import cn.familyaid.wallet.domain.FundingPlan.Allocation;
import cn.familyaid.wallet.domain.FundingPlan.Candidate;
import cn.familyaid.wallet.domain.FundingPlan.Leg;
import cn.familyaid.wallet.domain.FundingPlan.Source;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Worked examples of the allocation, named after the rules they show. */
class FundingPlanTest {

    static Candidate own(long id, Source source, long available) {
        return new Candidate(id, "SELF", "本人", source, "SELF", null, available, 0, FundingPlan.NO_CAP);
    }

    static Candidate funder(long id, long available, long retainedMin, long capLeft) {
        return new Candidate(id, "F" + id, "家人", Source.PERSONAL, "CHILD", "B" + id, available, retainedMin, capLeft);
    }

    @Test
    void own_personal_account_first_then_own_wallet_then_funders_in_deduction_order_rest_in_cash_R_SET_2() {
        Allocation a = FundingPlan.allocate(30_000, List.of(own(1, Source.PERSONAL, 10_000),
                own(2, Source.WALLET, 5_000), funder(3, 50_000, 0, 3_000), funder(4, 10_000, 2_000, FundingPlan.NO_CAP)));
        assertThat(a.legs()).extracting(l -> l.from().accountId()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(a.legs()).extracting(Leg::amountFen).containsExactly(10_000L, 5_000L, 3_000L, 8_000L);
        assertThat(a.cashFen()).isEqualTo(4_000);
    }

    @Test
    void a_bill_covered_by_the_own_account_touches_no_funder_R_SET_2() {
        Allocation a = FundingPlan.allocate(800, List.of(own(1, Source.PERSONAL, 10_000), funder(3, 50_000, 0, 99)));
        assertThat(a.legs()).extracting(Leg::amountFen).containsExactly(800L);
        assertThat(a.cashFen()).isZero();
    }

    @Test
    void only_the_excess_over_the_retained_minimum_is_shared_R_BIND_6() {
        // region requires 2,000 yuan retained: a funder with 2,100 yuan shares 100
        Allocation a = FundingPlan.allocate(50_000, List.of(funder(3, 210_000, 200_000, FundingPlan.NO_CAP)));
        assertThat(a.legs()).extracting(Leg::amountFen).containsExactly(10_000L);
        assertThat(a.cashFen()).isEqualTo(40_000);
    }

    @Test
    void a_funder_below_the_retained_minimum_shares_nothing_R_BIND_6() {
        Allocation a = FundingPlan.allocate(5_000, List.of(funder(3, 100_000, 200_000, FundingPlan.NO_CAP)));
        assertThat(a.legs()).isEmpty();
        assertThat(a.cashFen()).isEqualTo(5_000);
    }

    @Test
    void a_cap_already_used_up_shares_nothing_more_R_BIND_6() {
        Allocation a = FundingPlan.allocate(5_000, List.of(funder(3, 100_000, 0, 0), funder(4, 1_000, 0, 500)));
        assertThat(a.legs()).extracting(l -> l.from().accountId()).containsExactly(4L);
        assertThat(a.legs()).extracting(Leg::amountFen).containsExactly(500L);
        assertThat(a.cashFen()).isEqualTo(4_500);
    }

    @Test
    void one_account_under_two_mandates_never_gives_more_than_it_has() {
        Allocation a = FundingPlan.allocate(10_000, List.of(funder(3, 6_000, 1_000, 4_000), funder(3, 6_000, 1_000, 4_000)));
        assertThat(a.drawnFen()).isEqualTo(5_000);
        assertThat(a.cashFen()).isEqualTo(5_000);
    }

    @Test
    void a_zero_bill_draws_nothing() {
        assertThat(FundingPlan.allocate(0, List.of(own(1, Source.PERSONAL, 10)))).isEqualTo(new Allocation(List.of(), 0));
    }
}
