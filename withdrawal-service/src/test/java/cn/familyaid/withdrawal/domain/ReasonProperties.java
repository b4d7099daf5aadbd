package cn.familyaid.withdrawal.domain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The evidence rule of each reason, for any evidence given (plain Java, no Quarkus). */
class ReasonProperties {

    @Property
    void an_application_passes_exactly_when_every_group_is_met(@ForAll Reason reason, @ForAll Set<EvidenceType> given,
                                                               @ForAll boolean abroad) {
        List<String> missing = reason.missingEvidence(given, abroad);
        long unmet = reason.requiredEvidence(abroad).stream().filter(g -> g.stream().noneMatch(given::contains)).count();
        assertThat(missing).hasSize((int) unmet);
        assertThat(missing.isEmpty()).isEqualTo(reason.requiredEvidence(abroad).stream()
                .allMatch(g -> g.stream().anyMatch(given::contains)));
    }

    @Property
    void more_evidence_never_adds_a_missing_item(@ForAll Reason reason, @ForAll Set<EvidenceType> given,
                                                 @ForAll EvidenceType extra, @ForAll boolean abroad) {
        Set<EvidenceType> more = given.isEmpty() ? EnumSet.noneOf(EvidenceType.class) : EnumSet.copyOf(given);
        more.add(extra);
        assertThat(reason.missingEvidence(given, abroad)).containsAll(reason.missingEvidence(more, abroad));
    }

    @Property
    void only_serious_illness_is_a_partial_withdrawal_R_WD_8(@ForAll Reason reason) {
        assertThat(reason.full).isEqualTo(reason != Reason.SERIOUS_ILLNESS);
    }
}
