package cn.familyaid.binding.service;

import cn.familyaid.binding.domain.Person;
import cn.familyaid.binding.domain.ResidentId;
import cn.familyaid.binding.mapping.PersonChanged;
import cn.familyaid.binding.outbox.Outbox;
import cn.familyaid.binding.problem.RuleViolation;
import cn.familyaid.binding.rest.PersonRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The insured-person registry. Every change writes {@code person.changed} in the same transaction. */
@ApplicationScoped
@Transactional
public class PersonService {
    public static final String RESIDENT_ID = "01";

    @Inject
    Outbox outbox;

    @Inject
    BindingLifecycle lifecycle;

    @Inject
    FundingPlans plans;

    @Inject
    ProxyService proxies;

    /** Stores the person; returns it and whether it was created. */
    public Saved upsert(String psnNo, PersonRequest r, String scope) {
        return upsert(psnNo, r, scope, "system");
    }

    /** Stores the person (the caller's operator is recorded on bindings it ends); returns it and whether it was created. */
    public Saved upsert(String psnNo, PersonRequest r, String scope, String operator) {
        if (RESIDENT_ID.equals(r.psnCertType()) && !ResidentId.isValid(r.certno())) {
            throw RuleViolation.badField("certno", "VALIDATION",
                    "not a valid 18-character resident ID (check digit)");
        }
        if (r.deathDate() != null && r.deathDate().isBefore(r.brdy())) {
            throw RuleViolation.badField("death_date", "VALIDATION", "must not be before brdy");
        }
        Person p = Person.findById(psnNo, LockModeType.PESSIMISTIC_WRITE);
        boolean created = p == null;
        if (created) {
            p = new Person();
            p.psnNo = psnNo;
        } else if (!cn.familyaid.binding.security.RegionScope.covers(scope, p.insuplcAdmdvs)) {
            // a platform may not move a person out of another region's registry
            throw RuleViolation.forbidden("FORBIDDEN_REGION",
                    "the person is insured in a region outside the caller's scope");
        }
        if (!created && same(p, r)) {
            return new Saved(p, false);
        }
        String previousRegion = p.insuplcAdmdvs;
        p.psnName = r.psnName();
        p.psnCertType = r.psnCertType();
        p.certno = r.certno().toUpperCase();
        p.gend = r.gend();
        p.brdy = r.brdy();
        p.insutype = r.insutype();
        p.psnInsuStas = r.psnInsuStas();
        p.insuplcAdmdvs = r.insuplcAdmdvs();
        p.deathDate = r.deathDate();
        p.version = p.version + 1;
        p.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        p.persist();
        outbox.publish(PersonChanged.TOPIC, p.psnNo, PersonChanged.TYPE, PersonChanged.SCHEMA_VERSION,
                PersonChanged.of(p));
        if (!created) {
            applyToBindings(p, previousRegion, operator);
        }
        return new Saved(p, created);
    }

    /**
     * Death or termination ends every binding the person is part of at once (R-BIND-8, R-BIND-10) and revokes
     * every proxy they granted (R-BIND-11: nobody acts any more for a deceased or terminated person); losing
     * employee insurance (no personal account) ends what they fund (R-BIND-1); a pause keeps them. Moving
     * region re-publishes the plans they fund (their retained minimum follows their region's policy).
     */
    private void applyToBindings(Person p, String previousRegion, String operator) {
        java.util.Optional<String> ends = cn.familyaid.binding.domain.BindingRules.endsBindings(p);
        if (ends.isPresent()) {
            lifecycle.endAllOf(p.psnNo, ends.get(), operator);
            proxies.revokeAllGrantedBy(p.psnNo, operator);
            return;
        }
        if (!Person.EMPLOYEE.equals(p.insutype)) {
            lifecycle.endFundingOf(p.psnNo, BindingLifecycle.NO_PERSONAL_ACCOUNT, operator);
        }
        if (!p.insuplcAdmdvs.equals(previousRegion)) {
            // a scalar read: the bindings themselves are loaded (by publish) only under their plan lock, so a
            // share change or reorder committed meanwhile is not overwritten by a stale copy
            java.util.List<String> beneficiaries = cn.familyaid.binding.domain.Binding.getEntityManager().createQuery(
                    "select distinct b.beneficiaryPsnNo from Binding b where b.funderPsnNo = ?1 and b.status = ?2",
                    String.class).setParameter(1, p.psnNo)
                    .setParameter(2, cn.familyaid.binding.domain.Binding.Status.ACTIVE).getResultList();
            plans.lockAll(beneficiaries);
            for (String b : new java.util.TreeSet<>(beneficiaries)) {
                plans.publish(b);
            }
        }
    }

    /**
     * wallet-service closed the person's personal account: it funds nothing any more (R-BIND-10), and the
     * proxies the person granted are revoked (R-BIND-11).
     */
    public boolean accountClosed(String psnNo, java.time.OffsetDateTime closedAt) {
        Person p = Person.findById(psnNo, LockModeType.PESSIMISTIC_WRITE);
        if (p == null) {
            return false;
        }
        if (p.accountClosedAt == null) {
            p.accountClosedAt = closedAt != null ? closedAt : OffsetDateTime.now(ZoneOffset.UTC);
        }
        lifecycle.endAllOf(psnNo, BindingLifecycle.ACCOUNT_CLOSED, "account.closed");
        proxies.revokeAllGrantedBy(psnNo, "account.closed");
        return true;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Person> find(String psnNo) {
        return Person.findByIdOptional(psnNo);
    }

    private static boolean same(Person p, PersonRequest r) {
        return p.psnName.equals(r.psnName()) && p.psnCertType.equals(r.psnCertType())
                && p.certno.equalsIgnoreCase(r.certno()) && p.gend.equals(r.gend()) && p.brdy.equals(r.brdy())
                && p.insutype.equals(r.insutype()) && p.psnInsuStas.equals(r.psnInsuStas())
                && p.insuplcAdmdvs.equals(r.insuplcAdmdvs())
                && java.util.Objects.equals(p.deathDate, r.deathDate());
    }

    public record Saved(Person person, boolean created) {
    }
}
