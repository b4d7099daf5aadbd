package cn.familyaid.settlement.domain;

import cn.familyaid.settlement.problem.RuleViolation;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The eligibility matrix of R-SET-5 and the out-of-region rule of R-SET-6, as plain rules. */
class EligibilityTest {

    @Test
    void every_use_is_allowed_exactly_at_its_kinds_of_institution_R_SET_5() {
        for (MedType m : MedType.values()) {
            for (InstitutionKind k : InstitutionKind.values()) {
                Set<String> all = Set.of("CHECKUP", "COMMERCIAL_PREMIUM", "LTC_PREMIUM");
                if (m.allowedAt.contains(k)) {
                    assertThat(Eligibility.decide(m, k, all, true, false, false).useAccount()).isTrue();
                } else {
                    assertThatThrownBy(() -> Eligibility.decide(m, k, all, true, false, false))
                            .isInstanceOf(RuleViolation.class).extracting("code").isEqualTo("R-SET-5");
                }
            }
        }
        assertThat(MedType.PUBLIC_HEALTH.refusedEverywhere()).isTrue();
        assertThat(MedType.FITNESS.refusedEverywhere()).isTrue();
        assertThat(MedType.WELLNESS.refusedEverywhere()).isTrue();
        assertThat(MedType.PHARMACY_PURCHASE.allowedAt).containsExactly(InstitutionKind.PHARMACY);
        assertThat(MedType.INPATIENT.allowedAt).containsExactly(InstitutionKind.HOSPITAL);
    }

    @Test
    void region_optional_uses_need_their_category_R_SET_5() {
        assertThatThrownBy(() -> Eligibility.decide(MedType.CHECKUP_EXAM, InstitutionKind.CHECKUP, Set.of(), true,
                false, false)).extracting("code").isEqualTo("R-SET-5");
        assertThatThrownBy(() -> Eligibility.decide(MedType.LTC_PREMIUM, InstitutionKind.HOSPITAL,
                Set.of("COMMERCIAL_PREMIUM"), true, false, false)).extracting("code").isEqualTo("R-SET-5");
        assertThat(Eligibility.decide(MedType.LTC_PREMIUM, InstitutionKind.HOSPITAL, Set.of("LTC_PREMIUM"), true,
                false, false).useFamily()).isTrue();
    }

    @Test
    void a_resident_premium_is_only_for_a_resident_insured_beneficiary_R_SET_5() {
        Eligibility.requireBeneficiaryInsurance(MedType.RESIDENT_PREMIUM, "390");
        assertThatThrownBy(() -> Eligibility.requireBeneficiaryInsurance(MedType.RESIDENT_PREMIUM, "310"))
                .isInstanceOf(RuleViolation.class).extracting("code").isEqualTo("R-SET-5");
        for (MedType m : MedType.values()) {
            if (m != MedType.RESIDENT_PREMIUM) {
                Eligibility.requireBeneficiaryInsurance(m, "310");
                Eligibility.requireBeneficiaryInsurance(m, "390");
            }
        }
    }

    @Test
    void out_of_region_needs_a_filing_covering_the_day_R_SET_6() {
        Eligibility.Decision noFiling = Eligibility.decide(MedType.OUTPATIENT, InstitutionKind.HOSPITAL, Set.of(),
                true, true, false);
        assertThat(noFiling.useAccount()).isFalse();
        assertThat(noFiling.accountRefusedBy()).isEqualTo("R-SET-6");
        assertThat(Eligibility.decide(MedType.OUTPATIENT, InstitutionKind.HOSPITAL, Set.of(), true, true, true)
                .useFamily()).isTrue();

        LocalDate day = LocalDate.of(2026, 11, 22);
        var filings = List.of(new Eligibility.FilingPeriod("320506", day.minusDays(10), day),
                new Eligibility.FilingPeriod("440000", day.plusDays(1), day.plusDays(30)));
        assertThat(Eligibility.covers(filings, "320506", day)).isTrue();
        assertThat(Eligibility.covers(filings, "320506", day.plusDays(1))).isFalse();
        assertThat(Eligibility.covers(filings, "440305", day)).isFalse();
        assertThat(Eligibility.covers(filings, "440305", day.plusDays(1))).as("a province filing covers its cities").isTrue();
    }

    @Test
    void the_credential_must_be_the_patients_own_R_SET_3() {
        assertThat(Credential.isOwn("02", "11010119900307663x", "P1", "11010119900307663X")).isTrue();
        assertThat(Credential.isOwn("03", "11010119900307663X", "P1", "11010119900307663X")).isTrue();
        assertThat(Credential.isOwn("01", "P1", "P1", "11010119900307663X")).isTrue();
        assertThat(Credential.isOwn("02", "110101199003076640", "P1", "11010119900307663X")).isFalse();
        assertThat(Credential.isOwn("01", "P2", "P1", "11010119900307663X")).isFalse();
        assertThat(Credential.isOwn("01", "11010119900307663X", "P1", "11010119900307663X")).isFalse();
        assertThat(Credential.isOwn("09", "11010119900307663X", "P1", "11010119900307663X")).isFalse();
    }
}
