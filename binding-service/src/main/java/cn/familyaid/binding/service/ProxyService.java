package cn.familyaid.binding.service;

import cn.familyaid.binding.domain.Proxy;
import cn.familyaid.binding.mapping.ProxyChanged;
import cn.familyaid.binding.outbox.Outbox;
import cn.familyaid.binding.problem.RuleViolation;
import cn.familyaid.binding.rest.ProxyRequest;
import cn.familyaid.binding.security.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * 亲情账户 proxy authorizations (R-BIND-11): the person lets an agent act for them. Deliberately touches
 * neither bindings nor funding plans: a proxy never makes one person's money pay for another.
 */
@ApplicationScoped
@Transactional
public class ProxyService {

    @Inject
    Persons persons;

    @Inject
    Outbox outbox;

    public record Saved(Proxy proxy, boolean created) {
    }

    public Saved authorize(ProxyRequest r, Actor actor) {
        if (!actor.isPerson(r.psnNo())) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "only the person authorizes someone to act for them");
        }
        if (r.psnNo().equals(r.agentPsnNo())) {
            throw RuleViolation.badField("agent_psn_no", "VALIDATION", "must differ from psn_no");
        }
        persons.exclusive(r.psnNo());
        persons.get(r.agentPsnNo());
        Proxy existing = Proxy.find("psnNo = ?1 and agentPsnNo = ?2 and status = ?3", r.psnNo(), r.agentPsnNo(),
                Proxy.Status.ACTIVE).firstResult();
        if (existing != null) {
            return new Saved(existing, false);
        }
        Proxy p = new Proxy();
        p.id = UUID.randomUUID();
        p.psnNo = r.psnNo();
        p.agentPsnNo = r.agentPsnNo();
        p.status = Proxy.Status.ACTIVE;
        p.createdBy = actor.operator();
        p.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        p.persist();
        changed(p);
        return new Saved(p, true);
    }

    /** The person or the agent ends the authorization. */
    public void revoke(UUID id, Actor actor) {
        // row lock: concurrent revokes of one proxy end it (and publish) once
        Proxy p = Proxy.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (p == null) {
            throw RuleViolation.notFound("proxy " + id);
        }
        if (!actor.isPerson(p.psnNo) && !actor.isPerson(p.agentPsnNo)) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "only the person or the agent revokes a proxy");
        }
        if (p.status == Proxy.Status.ACTIVE) {
            p.status = Proxy.Status.REVOKED;
            p.revokedAt = OffsetDateTime.now(ZoneOffset.UTC);
            p.revokedBy = actor.operator();
            changed(p);
        }
    }

    /**
     * The grantor died, their insurance was terminated or their personal account closed: every proxy they gave
     * is revoked, each publishing proxy.changed as a revoke does. Runs in the caller's transaction, which holds
     * the grantor's exclusive person lock (so no grant races it); the proxy rows are locked so a concurrent
     * DELETE revokes and publishes once. Proxies the person holds as agent are left to their grantors.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeAllGrantedBy(String psnNo, String operator) {
        List<Proxy> active = Proxy.<Proxy>find("psnNo = ?1 and status = ?2", psnNo, Proxy.Status.ACTIVE)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        int revoked = 0;
        for (Proxy p : active) {
            if (p.status == Proxy.Status.ACTIVE) {
                p.status = Proxy.Status.REVOKED;
                p.revokedAt = OffsetDateTime.now(ZoneOffset.UTC);
                p.revokedBy = operator;
                changed(p);
                revoked++;
            }
        }
        return revoked;
    }

    /** proxy.changed [grantor psn_no], in the same transaction as the change (outbox). */
    private void changed(Proxy p) {
        outbox.publish(ProxyChanged.TOPIC, p.psnNo, ProxyChanged.TYPE, ProxyChanged.SCHEMA_VERSION,
                ProxyChanged.of(p));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Proxy> of(String psnNo, Actor actor) {
        if (!actor.isPerson(psnNo)) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "a person sees only their own proxies");
        }
        return Proxy.list("(psnNo = ?1 or agentPsnNo = ?1) and status = ?2 order by createdAt", psnNo,
                Proxy.Status.ACTIVE);
    }
}
