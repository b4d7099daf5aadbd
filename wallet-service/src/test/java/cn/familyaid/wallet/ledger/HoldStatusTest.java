package cn.familyaid.wallet.ledger;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A hold is resolved exactly once (posted, voided or expired) and a posted one refunded once; nothing else moves it. */
class HoldStatusTest {
    static final Map<HoldStatus, Set<HoldStatus>> LEGAL = Map.of(
            HoldStatus.PENDING, EnumSet.of(HoldStatus.POSTED, HoldStatus.VOIDED, HoldStatus.EXPIRED),
            HoldStatus.POSTED, EnumSet.of(HoldStatus.REFUNDED),
            HoldStatus.VOIDED, EnumSet.noneOf(HoldStatus.class),
            HoldStatus.EXPIRED, EnumSet.noneOf(HoldStatus.class),
            HoldStatus.REFUNDED, EnumSet.noneOf(HoldStatus.class));

    @Test
    void every_legal_transition_is_allowed_and_every_other_refused() {
        assertThat(LEGAL.keySet()).containsExactlyInAnyOrder(HoldStatus.values());
        for (HoldStatus from : HoldStatus.values()) {
            for (HoldStatus to : HoldStatus.values()) {
                boolean legal = LEGAL.get(from).contains(to);
                assertThat(from.mayBecome(to)).as("%s -> %s", from, to).isEqualTo(legal);
                if (legal) {
                    assertThat(from.then(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.then(to)).as("%s -> %s", from, to)
                            .isInstanceOf(IllegalStateException.class);
                }
            }
        }
    }

    @Test
    void a_resolved_hold_is_never_resolved_again() {
        for (HoldStatus resolved : EnumSet.of(HoldStatus.POSTED, HoldStatus.VOIDED, HoldStatus.EXPIRED)) {
            for (HoldStatus again : EnumSet.of(HoldStatus.POSTED, HoldStatus.VOIDED, HoldStatus.EXPIRED)) {
                assertThat(resolved.mayBecome(again)).as("%s -> %s", resolved, again).isFalse();
            }
        }
        assertThat(HoldStatus.REFUNDED.mayBecome(HoldStatus.REFUNDED)).isFalse();
    }
}
