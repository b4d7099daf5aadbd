package cn.familyaid.binding.service;

import cn.familyaid.binding.domain.Kinship;
import cn.familyaid.binding.domain.Person;
import cn.familyaid.binding.domain.Relation;
import cn.familyaid.binding.mapping.KinshipChanged;
import cn.familyaid.binding.outbox.Outbox;
import cn.familyaid.binding.problem.RuleViolation;
import cn.familyaid.binding.rest.KinshipRequest;
import cn.familyaid.binding.security.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Kinship from civil records, stored both ways with the inverse relation; each direction that changes
 * publishes {@code kinship.changed}. A kinship that ends or changes its relation ends the pair's bindings.
 */
@ApplicationScoped
@Transactional
public class KinshipService {

    @Inject
    Persons persons;

    @Inject
    Outbox outbox;

    @Inject
    BindingLifecycle lifecycle;

    public record Saved(Kinship forward, Kinship inverse, boolean created) {
    }

    public Saved record(KinshipRequest r, Actor actor) {
        if (r.psnNo().equals(r.relativePsnNo())) {
            throw RuleViolation.badField("relative_psn_no", "VALIDATION", "must differ from psn_no");
        }
        // exclusive person locks (in psn_no order) serialise with bindings being created for the pair
        boolean inOrder = r.psnNo().compareTo(r.relativePsnNo()) < 0;
        Person a = persons.exclusive(inOrder ? r.psnNo() : r.relativePsnNo());
        Person b = persons.exclusive(inOrder ? r.relativePsnNo() : r.psnNo());
        // both persons must be in the platform's scope: recording or ending a kinship changes who may fund whom
        // (and ends bindings) on both sides; a cross-province kinship needs a platform covering both provinces
        // (the national one, 000000)
        if (!actor.covers(a.insuplcAdmdvs) || !actor.covers(b.insuplcAdmdvs)) {
            throw RuleViolation.forbidden("FORBIDDEN_REGION",
                    "both persons must be insured in regions of the caller's scope");
        }
        Kinship forward = Kinship.findById(new Kinship.Key(r.psnNo(), r.relativePsnNo()), LockModeType.PESSIMISTIC_WRITE);
        Kinship inverse = Kinship.findById(new Kinship.Key(r.relativePsnNo(), r.psnNo()), LockModeType.PESSIMISTIC_WRITE);
        boolean created = forward == null && inverse == null;
        boolean bindingsEnd = (forward != null && forward.active && (!r.isActive() || forward.relation != r.relation()))
                || (inverse != null && inverse.active && (!r.isActive() || inverse.relation != r.relation().inverse()));
        forward = apply(forward, r.psnNo(), r.relativePsnNo(), r.relation(), r.isActive(), actor);
        inverse = apply(inverse, r.relativePsnNo(), r.psnNo(), r.relation().inverse(), r.isActive(), actor);
        if (bindingsEnd) {
            lifecycle.endBetween(r.psnNo(), r.relativePsnNo(), BindingLifecycle.KINSHIP_ENDED, actor.operator());
        }
        return new Saved(forward, inverse, created);
    }

    private Kinship apply(Kinship k, String psn, String relative, Relation relation, boolean active, Actor actor) {
        if (k != null && k.relation == relation && k.active == active) {
            return k;
        }
        if (k == null) {
            k = new Kinship();
            k.psnNo = psn;
            k.relativePsnNo = relative;
        }
        k.version++;
        k.relation = relation;
        k.active = active;
        k.recordedBy = actor.operator();
        k.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        k.persist();
        outbox.publish(KinshipChanged.TOPIC, psn, KinshipChanged.TYPE, KinshipChanged.SCHEMA_VERSION,
                KinshipChanged.of(k));
        return k;
    }
}
