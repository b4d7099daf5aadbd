package cn.familyaid.binding.service;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.domain.BindingRules;
import cn.familyaid.binding.domain.DeductionOrder;
import cn.familyaid.binding.domain.Kinship;
import cn.familyaid.binding.domain.Person;
import cn.familyaid.binding.domain.Policy;
import cn.familyaid.binding.domain.Proxy;
import cn.familyaid.binding.domain.RecordedRequest;
import cn.familyaid.binding.domain.RegionPolicy;
import cn.familyaid.binding.domain.Share;
import cn.familyaid.binding.mapping.BindingView;
import cn.familyaid.binding.problem.Problem;
import cn.familyaid.binding.problem.RuleViolation;
import cn.familyaid.binding.rest.BindingRequests;
import cn.familyaid.binding.security.Actor;
import cn.familyaid.binding.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mutual-aid bindings: create (R-BIND-1..4, -6, -7), accept, change share, unbind (R-BIND-8), list and
 * deduction order (R-BIND-5). Each change of a beneficiary's active bindings runs under that beneficiary's
 * plan lock and publishes the whole plan ({@code binding.changed}).
 */
@ApplicationScoped
@Transactional
public class BindingService {

    @Inject
    Persons persons;

    @Inject
    FundingPlans plans;

    @Inject
    BindingLifecycle lifecycle;

    @Inject
    ObjectMapper json;

    /** The answer to a POST, as first given (replayed verbatim for the same request_id and content). */
    public record Answer(int status, String contentType, String body, boolean replay) {
    }

    public Answer create(BindingRequests.Create r, Actor actor) {
        Share share = Share.of(r.share().mode(), r.share().capAmt(), "share.");
        // R-BIND-7: the person binds online through an app channel; the agency binds at its counter
        if (actor.is(Caller.AGENCY) && r.channel() != Binding.Channel.COUNTER) {
            throw RuleViolation.badField("channel", "R-BIND-7", "an agency binds at the counter: COUNTER");
        }
        if (actor.is(Caller.PERSON) && r.channel() == Binding.Channel.COUNTER) {
            throw RuleViolation.badField("channel", "R-BIND-7", "COUNTER is for agency operators");
        }
        if (actor.is(Caller.PERSON) && !actor.isPerson(r.funderPsnNo())) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "a person may only bind as the funder");
        }
        if (r.funderPsnNo().equals(r.beneficiaryPsnNo())) {
            throw RuleViolation.badField("beneficiary_psn_no", "R-BIND-3", "must not be the funder");
        }
        // persons first (shared: nobody dies or ends mid-way), in psn_no order, then the plan
        boolean funderFirst = r.funderPsnNo().compareTo(r.beneficiaryPsnNo()) < 0;
        Person first = persons.shared(funderFirst ? r.funderPsnNo() : r.beneficiaryPsnNo());
        Person second = persons.shared(funderFirst ? r.beneficiaryPsnNo() : r.funderPsnNo());
        Person funder = funderFirst ? first : second;
        Person beneficiary = funderFirst ? second : first;
        if (actor.is(Caller.AGENCY) && !actor.covers(funder.insuplcAdmdvs)) {
            throw RuleViolation.forbidden("FORBIDDEN_REGION", "the agency may bind only for people of its region");
        }
        plans.lock(beneficiary.psnNo);

        String hash = hash(r, share, actor);
        RecordedRequest previous = RecordedRequest.findById(r.requestId());
        if (previous != null) {
            if (!previous.requestHash.equals(hash)) {
                throw RuleViolation.conflict("IDEMPOTENCY_CONFLICT",
                        "request_id " + r.requestId() + " was used for a different request");
            }
            return new Answer(previous.httpStatus == 201 ? 200 : previous.httpStatus, previous.contentType,
                    previous.response, true);
        }

        Policy funderPolicy = RegionPolicy.inForce(funder.insuplcAdmdvs);
        try {
            BindingRules.check(funder, beneficiary, r.relation(), Kinship.recorded(funder.psnNo, beneficiary.psnNo),
                    funderPolicy, RegionPolicy.inForce(beneficiary.insuplcAdmdvs));
            if (Binding.liveCount(funder.psnNo, beneficiary.psnNo) > 0) {
                throw RuleViolation.conflict("BINDING_EXISTS",
                        "the funder already has a live binding for this beneficiary");
            }
        } catch (RuleViolation refusal) {
            // refusals are answers too: the same request_id gets the same refusal
            return remember(r.requestId(), hash, refusal.status, Problem.MEDIA_TYPE, write(refusal.toProblem()), null);
        }

        Binding b = new Binding();
        b.id = UUID.randomUUID();
        b.funderPsnNo = funder.psnNo;
        b.beneficiaryPsnNo = beneficiary.psnNo;
        b.relation = r.relation();
        b.shareMode = share.mode();
        b.capFen = share.capFen();
        b.channel = r.channel();
        b.operator = actor.operator();
        b.operatorRole = actor.role();
        b.createdAt = now();
        if (funderPolicy.acceptanceRequired()) {
            b.status = Binding.Status.PENDING;
            b.persist();
        } else {
            activate(b);
        }
        return remember(r.requestId(), hash, 201, "application/json", write(BindingView.of(b)), b.id);
    }

    /**
     * The beneficiary (or guardian: an active proxy holder, or the agency of their region) accepts. Locks as
     * create does (both persons shared, in psn_no order, then the plan), so a death, termination, account
     * closure or ended kinship either ends the binding before (409) or sees it ACTIVE and publishes its end
     * (R-BIND-10); and R-BIND-1..4 are checked again on the facts as they are now, each with its own code.
     */
    public Binding accept(UUID id, Actor actor) {
        Binding b = find(id);
        boolean funderFirst = b.funderPsnNo.compareTo(b.beneficiaryPsnNo) < 0;
        Person first = persons.shared(funderFirst ? b.funderPsnNo : b.beneficiaryPsnNo);
        Person second = persons.shared(funderFirst ? b.beneficiaryPsnNo : b.funderPsnNo);
        Person funder = funderFirst ? first : second;
        Person beneficiary = funderFirst ? second : first;
        requireBeneficiarySide(b.beneficiaryPsnNo, actor, true);
        plans.lock(b.beneficiaryPsnNo);
        Binding.getEntityManager().refresh(b);
        switch (b.status) {
            case ACTIVE -> {
                return b;
            }
            case ENDED -> throw RuleViolation.conflict("BINDING_ENDED", "the binding has ended");
            default -> {
                // acceptance is when the binding takes effect: the rules hold now, not only at the invitation
                BindingRules.check(funder, beneficiary, b.relation, Kinship.recorded(funder.psnNo, beneficiary.psnNo),
                        RegionPolicy.inForce(funder.insuplcAdmdvs), RegionPolicy.inForce(beneficiary.insuplcAdmdvs));
                b.acceptedAt = now();
                b.acceptedBy = actor.operator();
                activate(b);
                return b;
            }
        }
    }

    /** The funder changes the shared amount (R-BIND-6). */
    public Binding changeShare(UUID id, BindingRequests.ChangeShare r, Actor actor) {
        Share share = Share.of(r.share().mode(), r.share().capAmt(), "share.");
        Binding b = find(id);
        if (!actor.isPerson(b.funderPsnNo)) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "only the funder changes the shared amount");
        }
        plans.lock(b.beneficiaryPsnNo);
        Binding.getEntityManager().refresh(b);
        if (!b.isLive()) {
            throw RuleViolation.conflict("BINDING_ENDED", "the binding has ended");
        }
        if (b.shareMode != share.mode() || !java.util.Objects.equals(b.capFen, share.capFen())) {
            b.shareMode = share.mode();
            b.capFen = share.capFen();
            if (b.status == Binding.Status.ACTIVE) {
                plans.publish(b.beneficiaryPsnNo);
            }
        }
        return b;
    }

    /** Unbinding by the funder, or by the agency of the funder's region at the counter (R-BIND-8). */
    public void unbind(UUID id, Actor actor) {
        Binding b = find(id);
        if (actor.is(Caller.PERSON) && !actor.isPerson(b.funderPsnNo)) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "only the funder unbinds");
        }
        if (actor.is(Caller.AGENCY) && !actor.covers(persons.get(b.funderPsnNo).insuplcAdmdvs)) {
            throw RuleViolation.forbidden("FORBIDDEN_REGION", "the agency may unbind only for people of its region");
        }
        plans.lock(b.beneficiaryPsnNo);
        Binding.getEntityManager().refresh(b);
        lifecycle.endOne(b, BindingLifecycle.UNBOUND, actor.operator());
    }

    /** R-BIND-5: the beneficiary side sets the order; must be a permutation of the active bindings. */
    public List<Binding> reorder(String beneficiaryPsnNo, List<UUID> ids, Actor actor) {
        // authorization first: a caller who may not order gets 403 whether or not the person exists
        requireBeneficiarySide(beneficiaryPsnNo, actor, false);
        persons.get(beneficiaryPsnNo);
        plans.lock(beneficiaryPsnNo);
        List<Binding> active = Binding.activeOf(beneficiaryPsnNo);
        DeductionOrder.requirePermutation(ids, active.stream().map(b -> b.id).collect(Collectors.toSet()));
        for (Binding b : active) {
            b.deductionOrder = ids.indexOf(b.id) + 1;
        }
        plans.publish(beneficiaryPsnNo);
        return Binding.activeOf(beneficiaryPsnNo);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Binding get(UUID id, Actor actor) {
        Binding b = find(id);
        if (!canRead(b.funderPsnNo, actor) && !canRead(b.beneficiaryPsnNo, actor)) {
            throw actor.is(Caller.PERSON)
                    ? RuleViolation.forbidden("FORBIDDEN_PERSON", "not a person concerned by this binding")
                    : RuleViolation.forbidden("FORBIDDEN_REGION", "outside the caller's region");
        }
        return b;
    }

    /** Bindings where the person funds ({@code asFunder}) or benefits, for the persons concerned or their region. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Binding> list(String psnNo, boolean asFunder, Binding.Status status, Actor actor) {
        // authorization first: a caller who may not read gets 403 whether or not the person exists
        if (!canRead(psnNo, actor)) {
            throw actor.is(Caller.PERSON)
                    ? RuleViolation.forbidden("FORBIDDEN_PERSON", "a person sees only their own bindings")
                    : RuleViolation.forbidden("FORBIDDEN_REGION", "outside the caller's region");
        }
        persons.get(psnNo);
        String field = asFunder ? "funderPsnNo" : "beneficiaryPsnNo";
        List<Binding> found = status == null
                ? Binding.list(field + " = ?1", psnNo)
                : Binding.list(field + " = ?1 and status = ?2", psnNo, status);
        return found.stream().sorted(java.util.Comparator
                        .comparing((Binding b) -> b.status.ordinal())
                        .thenComparing(b -> b.deductionOrder == null ? Integer.MAX_VALUE : b.deductionOrder)
                        .thenComparing(b -> b.createdAt))
                .toList();
    }

    private boolean canRead(String psnNo, Actor actor) {
        if (actor.is(Caller.PERSON)) {
            return actor.isPerson(psnNo) || Proxy.actsFor(actor.psnNo(), psnNo);
        }
        Person p = Person.findById(psnNo);
        // an unknown person: only a caller who may read every region goes on (to a 404)
        return p == null ? actor.coversEveryRegion() : actor.covers(p.insuplcAdmdvs);
    }

    private void requireBeneficiarySide(String beneficiaryPsnNo, Actor actor, boolean agencyAllowed) {
        if (actor.is(Caller.PERSON)) {
            if (!actor.isPerson(beneficiaryPsnNo) && !Proxy.actsFor(actor.psnNo(), beneficiaryPsnNo)) {
                throw RuleViolation.forbidden("FORBIDDEN_PERSON", "only the beneficiary or their guardian");
            }
            return;
        }
        if (agencyAllowed && actor.is(Caller.AGENCY)) {
            if (!actor.covers(persons.get(beneficiaryPsnNo).insuplcAdmdvs)) {
                throw RuleViolation.forbidden("FORBIDDEN_REGION", "the agency acts only for people of its region");
            }
            return;
        }
        throw RuleViolation.forbidden("FORBIDDEN_ROLE", "only the beneficiary side may do this");
    }

    /** ACTIVE, last in the deduction order, and the plan published (the caller holds the plan lock). */
    private void activate(Binding b) {
        int last = Binding.activeOf(b.beneficiaryPsnNo).stream().mapToInt(x -> x.deductionOrder).max().orElse(0);
        b.status = Binding.Status.ACTIVE;
        b.deductionOrder = last + 1;
        b.persist();
        plans.publish(b.beneficiaryPsnNo);
    }

    private static Binding find(UUID id) {
        Binding b = Binding.findById(id);
        if (b == null) {
            throw RuleViolation.notFound("binding " + id);
        }
        return b;
    }

    private Answer remember(String requestId, String hash, int status, String contentType, String body, UUID bindingId) {
        RecordedRequest rr = new RecordedRequest();
        rr.requestId = requestId;
        rr.requestHash = hash;
        rr.httpStatus = status;
        rr.contentType = contentType;
        rr.response = body;
        rr.bindingId = bindingId;
        rr.createdAt = now();
        rr.persist();
        return new Answer(status, contentType, body, false);
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(BindingRequests.Create r, Share share, Actor actor) {
        String canonical = String.join("|", r.funderPsnNo(), r.beneficiaryPsnNo(), r.relation().name(),
                share.mode().name(), String.valueOf(share.capFen()), r.channel().name(), actor.role(),
                String.valueOf(actor.operator()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static Set<Binding.Status> live() {
        return Set.of(Binding.Status.ACTIVE, Binding.Status.PENDING);
    }
}
