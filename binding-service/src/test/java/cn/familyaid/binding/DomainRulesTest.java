package cn.familyaid.binding;

import cn.familyaid.binding.domain.BindingRules;
import cn.familyaid.binding.domain.DeductionOrder;
import cn.familyaid.binding.domain.Person;
import cn.familyaid.binding.domain.Policy;
import cn.familyaid.binding.domain.Relation;
import cn.familyaid.binding.domain.Share;
import cn.familyaid.binding.problem.RuleViolation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain-Java rules, without Quarkus: milliseconds, many cases. */
class DomainRulesTest {

    static Person person(String insutype, String stas, String admdvs) {
        Person p = new Person();
        p.psnNo = UUID.randomUUID().toString();
        p.insutype = insutype;
        p.psnInsuStas = stas;
        p.insuplcAdmdvs = admdvs;
        return p;
    }

    static String codeOf(Runnable r) {
        try {
            r.run();
            return "OK";
        } catch (RuleViolation v) {
            return v.code;
        }
    }

    @Property
    void the_inverse_of_the_inverse_is_the_relation(@ForAll Relation r) {
        assertThat(r.inverse().inverse()).isEqualTo(r);
    }

    @Property
    void a_binding_passes_only_when_every_rule_holds_and_names_the_first_rule_broken_R_BIND_1_to_4(
            @ForAll("insutypes") String funderType, @ForAll("statuses") String funderStas,
            @ForAll("insutypes") String beneficiaryType, @ForAll("statuses") String beneficiaryStas,
            @ForAll Relation asked, @ForAll("recorded") Optional<Relation> recorded,
            @ForAll boolean sameProvince, @ForAll boolean funderOpen, @ForAll boolean beneficiaryOpen,
            @ForAll boolean narrowed) {
        Person funder = person(funderType, funderStas, "320102");
        Person beneficiary = person(beneficiaryType, beneficiaryStas, sameProvince ? "320506" : "440305");
        EnumSet<Relation> allowed = narrowed ? EnumSet.of(Relation.SPOUSE, Relation.PARENT, Relation.CHILD)
                : EnumSet.allOf(Relation.class);
        Policy fp = new Policy("320102", Policy.Source.REGION, allowed, funderOpen, 0, false, List.of(), 1);
        Policy bp = new Policy("440305", Policy.Source.REGION, EnumSet.allOf(Relation.class), beneficiaryOpen, 0,
                false, List.of(), 1);
        String expected;
        if (!funderType.equals("310") || !funderStas.equals("1")) {
            expected = "R-BIND-1";
        } else if (!(beneficiaryType.equals("310") || beneficiaryType.equals("390")) || !beneficiaryStas.equals("1")) {
            expected = "R-BIND-2";
        } else if (recorded.isEmpty() || recorded.get() != asked || !allowed.contains(asked)) {
            expected = "R-BIND-3";
        } else if (!sameProvince && !(funderOpen && beneficiaryOpen)) {
            expected = "R-BIND-4";
        } else {
            expected = "OK";
        }
        assertThat(codeOf(() -> BindingRules.check(funder, beneficiary, asked, recorded, fp, bp))).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> insutypes() {
        return Arbitraries.of("310", "390", "510");
    }

    @Provide
    Arbitrary<String> statuses() {
        return Arbitraries.of("1", "2", "4");
    }

    @Provide
    Arbitrary<Optional<Relation>> recorded() {
        return Arbitraries.of(Relation.class).optional(0.8);
    }

    @Property
    void any_permutation_of_the_active_bindings_is_accepted_and_anything_else_refused_R_BIND_5(
            @ForAll @IntRange(min = 1, max = 8) int n, @ForAll long seed) {
        List<UUID> active = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            active.add(UUID.randomUUID());
        }
        List<UUID> perm = new ArrayList<>(active);
        Collections.shuffle(perm, new Random(seed));
        DeductionOrder.requirePermutation(perm, new HashSet<>(active));
        List<UUID> missing = perm.subList(1, perm.size());
        assertThat(codeOf(() -> DeductionOrder.requirePermutation(missing, new HashSet<>(active)))).isEqualTo("R-BIND-5");
        List<UUID> doubled = new ArrayList<>(perm);
        doubled.add(perm.get(0));
        assertThat(codeOf(() -> DeductionOrder.requirePermutation(doubled, new HashSet<>(active)))).isEqualTo("R-BIND-5");
        List<UUID> foreign = new ArrayList<>(missing);
        foreign.add(UUID.randomUUID());
        assertThat(codeOf(() -> DeductionOrder.requirePermutation(foreign, new HashSet<>(active)))).isEqualTo("R-BIND-5");
    }

    @Property
    void a_cap_is_exact_fen_and_never_a_float_R_BIND_6(@ForAll @IntRange(min = 1, max = 100_000_000) int fen) {
        BigDecimal yuan = BigDecimal.valueOf(fen, 2);
        assertThat(Share.of(Share.Mode.CAP, yuan, "share.").capFen()).isEqualTo(fen);
        assertThatThrownBy(() -> Share.of(Share.Mode.CAP, yuan.add(new BigDecimal("0.001")), "share."))
                .isInstanceOf(RuleViolation.class).hasFieldOrPropertyWithValue("code", "R-BIND-6");
        // above the ceiling of one amount (1,000,000.00 yuan) no cap is taken
        assertThatThrownBy(() -> Share.of(Share.Mode.CAP, yuan.add(new BigDecimal("1000000.00")), "share."))
                .isInstanceOf(RuleViolation.class).hasFieldOrPropertyWithValue("code", "AMOUNT_TOO_LARGE");
    }
}
