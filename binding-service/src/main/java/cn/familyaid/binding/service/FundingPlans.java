package cn.familyaid.binding.service;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.domain.DeductionOrder;
import cn.familyaid.binding.domain.FundingPlan;
import cn.familyaid.binding.domain.Person;
import cn.familyaid.binding.domain.RegionPolicy;
import cn.familyaid.binding.mapping.BindingChanged;
import cn.familyaid.binding.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Serialises every change of one beneficiary's funding plan (row lock on {@code funding_plan}) and
 * publishes the whole plan as {@code binding.changed} with the next version, in the same transaction.
 * Lock order everywhere: person rows first, then plan rows in psn_no order.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class FundingPlans {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    /** Locks (creating if needed) the beneficiary's plan row until the transaction ends. */
    public FundingPlan lock(String beneficiaryPsnNo) {
        em.createNativeQuery("INSERT INTO funding_plan (beneficiary_psn_no, version, updated_at) "
                        + "VALUES (?1, 0, now()) ON CONFLICT (beneficiary_psn_no) DO NOTHING")
                .setParameter(1, beneficiaryPsnNo).executeUpdate();
        // never loaded unlocked in this service, so the locked read is the current row
        return em.find(FundingPlan.class, beneficiaryPsnNo, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Locks several plans in a fixed order so two transactions never wait on each other in a cycle. */
    public void lockAll(Collection<String> beneficiaries) {
        for (String b : new TreeSet<>(beneficiaries)) {
            lock(b);
        }
    }

    /** Renumbers the active bindings 1..n (no gaps), bumps the version and publishes the whole plan. */
    public BindingChanged publish(String beneficiaryPsnNo) {
        FundingPlan plan = lock(beneficiaryPsnNo);
        List<Binding> active = Binding.activeOf(beneficiaryPsnNo);
        DeductionOrder.compact(active);
        em.flush();
        plan.version++;
        plan.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        List<BindingChanged.Funder> funders = Binding.activeOf(beneficiaryPsnNo).stream().map(b -> {
            Person funder = Person.findById(b.funderPsnNo);
            long retained = RegionPolicy.inForce(funder.insuplcAdmdvs).retainedMinFen();
            return new BindingChanged.Funder(b.id.toString(), b.funderPsnNo, b.relation.name(), b.shareMode.name(),
                    b.capFen, retained, b.deductionOrder);
        }).toList();
        BindingChanged event = new BindingChanged(beneficiaryPsnNo, plan.version, funders);
        outbox.publish(BindingChanged.TOPIC, beneficiaryPsnNo, BindingChanged.TYPE, BindingChanged.SCHEMA_VERSION,
                event);
        return event;
    }
}
