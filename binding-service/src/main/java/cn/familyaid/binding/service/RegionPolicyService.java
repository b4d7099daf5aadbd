package cn.familyaid.binding.service;

import cn.familyaid.binding.domain.Money;
import cn.familyaid.binding.domain.Policy;
import cn.familyaid.binding.domain.RegionPolicy;
import cn.familyaid.binding.domain.Relation;
import cn.familyaid.binding.mapping.RegionPolicyChanged;
import cn.familyaid.binding.outbox.Outbox;
import cn.familyaid.binding.rest.RegionPolicyRequest;
import cn.familyaid.binding.security.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Region policies. A change publishes {@code region.policy.changed} and, because the retained minimum is part
 * of every funding plan, re-publishes the plans funded by people of that province.
 */
@ApplicationScoped
@Transactional
public class RegionPolicyService {

    @Inject
    Outbox outbox;

    @Inject
    FundingPlans plans;

    @Inject
    EntityManager em;

    public record Saved(RegionPolicy row, boolean created, boolean changed) {
    }

    public Saved put(String admdvs, RegionPolicyRequest r, Actor actor) {
        EnumSet<Relation> relations = r.allowedRelations() == null ? EnumSet.copyOf(Relation.NEAR_RELATIVES)
                : EnumSet.copyOf(r.allowedRelations());
        long retained = r.retainedMinAmt() == null ? 0
                : Money.toFen(r.retainedMinAmt(), "retained_min_amt", "VALIDATION");
        List<String> categories = r.extraCategories() == null ? List.of()
                : List.copyOf(new TreeSet<>(r.extraCategories()));
        boolean cross = Boolean.TRUE.equals(r.crossProvinceOpen());
        boolean acceptance = Boolean.TRUE.equals(r.acceptanceRequired());

        em.createNativeQuery("INSERT INTO region_policy (admdvs, allowed_relations, cross_province_open, "
                        + "retained_min_fen, acceptance_required, extra_categories, version, updated_by, updated_at) "
                        + "VALUES (?1, ?2, false, 0, false, '', 0, ?3, now()) ON CONFLICT (admdvs) DO NOTHING")
                .setParameter(1, admdvs).setParameter(2, RegionPolicy.join(Relation.NEAR_RELATIVES))
                .setParameter(3, actor.operator()).executeUpdate();
        RegionPolicy row = em.find(RegionPolicy.class, admdvs, LockModeType.PESSIMISTIC_WRITE);
        boolean created = row.version == 0;
        String joinedRelations = RegionPolicy.join(relations);
        String joinedCategories = String.join(",", categories);
        if (!created && row.allowedRelations.equals(joinedRelations) && row.crossProvinceOpen == cross
                && row.retainedMinFen == retained && row.acceptanceRequired == acceptance
                && row.extraCategories.equals(joinedCategories)) {
            return new Saved(row, false, false);
        }
        boolean retainedChanged = row.retainedMinFen != retained;
        row.allowedRelations = joinedRelations;
        row.crossProvinceOpen = cross;
        row.retainedMinFen = retained;
        row.acceptanceRequired = acceptance;
        row.extraCategories = joinedCategories;
        row.version++;
        row.updatedBy = actor.operator();
        row.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        outbox.publish(RegionPolicyChanged.TOPIC, admdvs, RegionPolicyChanged.TYPE, RegionPolicyChanged.SCHEMA_VERSION,
                RegionPolicyChanged.of(row));
        if (retainedChanged || created) {
            republishPlansFundedFrom(admdvs);
        }
        return new Saved(row, created, true);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Policy inForce(String admdvs) {
        return RegionPolicy.inForce(admdvs);
    }

    /** Plans with a funder insured in the province of {@code admdvs}: their retained minimum may have changed. */
    private void republishPlansFundedFrom(String admdvs) {
        em.flush();
        @SuppressWarnings("unchecked")
        List<String> beneficiaries = em.createNativeQuery("SELECT DISTINCT b.beneficiary_psn_no FROM binding b "
                        + "JOIN person f ON f.psn_no = b.funder_psn_no "
                        + "WHERE b.status = 'ACTIVE' AND substr(f.insuplc_admdvs, 1, 2) = ?1")
                .setParameter(1, Policy.provinceRow(admdvs).substring(0, 2)).getResultList();
        plans.lockAll(beneficiaries);
        for (String b : new TreeSet<>(beneficiaries)) {
            plans.publish(b);
        }
    }

}
