package cn.familyaid.settlement.domain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** For any legs the ledger returns, the split keeps psn_part_amt = acct_pay + wlt_pay + psn_cash_pay. */
class SplitProperties {

    @Property
    void the_split_always_adds_up(@ForAll @LongRange(min = 0, max = 10_000_000) long medfee,
                                  @ForAll @IntRange(min = 0, max = 100) int fundPercent,
                                  @ForAll @IntRange(min = 0, max = 5) int legCount,
                                  @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        long fund = medfee * fundPercent / 100;
        long part = medfee - fund;
        List<Split.Leg> legs = new ArrayList<>();
        long left = part;
        for (int i = 0; i < legCount && left > 0; i++) {
            long amt = Math.max(1, (seed * (i + 7)) % (left + 1));
            amt = Math.min(amt, left);
            left -= amt;
            String psn = i == 0 ? "SELF" : "F" + i;
            legs.add(new Split.Leg(i + 1, psn, "某某", i == 0 ? "SELF" : "CHILD", i == 1 ? "WALLET" : "PERSONAL", amt));
        }
        Split s = Split.fromLegs(medfee, fund, "SELF", legs, left);
        assertThat(s.psnPartFen()).isEqualTo(medfee - fund);
        assertThat(s.acctPayFen() + s.wltPayFen() + s.psnCashPayFen()).isEqualTo(s.psnPartFen());
        assertThat(s.acctMulaidPayFen()).isBetween(0L, s.acctPayFen());
        assertThat(s.psnCashPayFen()).isGreaterThanOrEqualTo(0);
    }

    @Property
    void legs_that_do_not_fit_the_bill_are_refused(@ForAll @LongRange(min = 1, max = 1_000_000) long part,
                                                   @ForAll @LongRange(min = 1, max = 1_000) long extra) {
        List<Split.Leg> legs = List.of(new Split.Leg(1, "SELF", "某", "SELF", "PERSONAL", part + extra));
        assertThatThrownBy(() -> Split.fromLegs(part, 0, "SELF", legs, 0)).isInstanceOf(IllegalStateException.class);
        List<Split.Leg> fits = List.of(new Split.Leg(1, "SELF", "某", "SELF", "PERSONAL", part));
        assertThatThrownBy(() -> Split.fromLegs(part + extra, 0, "SELF", fits, 0))
                .as("cash reported by the ledger must match").isInstanceOf(IllegalStateException.class);
    }
}
