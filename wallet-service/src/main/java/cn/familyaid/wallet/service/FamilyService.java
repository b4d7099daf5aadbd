package cn.familyaid.wallet.service;

import cn.familyaid.wallet.inbox.Inbox;
import cn.familyaid.wallet.ledger.Db;
import cn.familyaid.wallet.messaging.BindingChangedEvent;
import cn.familyaid.wallet.messaging.KinshipChangedEvent;
import cn.familyaid.wallet.messaging.ProxyChangedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The ledger's copies of binding-service's decisions: mandates (funding plans), kinship and proxies. */
@ApplicationScoped
@Transactional
public class FamilyService {

    @Inject
    Inbox inbox;

    @Inject
    Db db;

    /**
     * Rebuilds the beneficiary's mandates from the latest plan alone; an older or equal version changes
     * nothing (the topic is compacted and may redeliver). What each mandate already paid survives the rebuild
     * (kept by binding id), so a changed order or cap never resets the cap's usage.
     */
    public boolean onBindingChanged(UUID eventId, BindingChangedEvent.Data d) {
        if (eventId != null && !inbox.claim(eventId, "binding.changed")) {
            return false;
        }
        Optional<Long> stored = db.one("SELECT version FROM funding_plan WHERE beneficiary_psn_no = ? FOR UPDATE",
                rs -> rs.getLong(1), d.beneficiaryPsnNo());
        if (stored.isPresent() && stored.get() >= d.version()) {
            return false;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (stored.isEmpty()) {
            db.update("INSERT INTO funding_plan (beneficiary_psn_no, version, updated_at) VALUES (?, ?, ?)",
                    d.beneficiaryPsnNo(), d.version(), now);
        } else {
            db.update("UPDATE funding_plan SET version = ?, updated_at = ? WHERE beneficiary_psn_no = ?",
                    d.version(), now, d.beneficiaryPsnNo());
        }
        db.update("DELETE FROM mandate WHERE beneficiary_psn_no = ?", d.beneficiaryPsnNo());
        List<BindingChangedEvent.Funder> funders = d.funders() == null ? List.of()
                : d.funders().stream().sorted(Comparator.comparingInt(BindingChangedEvent.Funder::order)).toList();
        int ord = 0;
        for (BindingChangedEvent.Funder f : funders) {
            ord++;
            db.update("INSERT INTO mandate (beneficiary_psn_no, ord, binding_id, funder_psn_no, relation, share_mode, "
                            + "cap_fen, retained_min_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", d.beneficiaryPsnNo(), ord,
                    f.bindingId(), f.funderPsnNo(), f.relation(), f.shareMode(),
                    "CAP".equals(f.shareMode()) ? f.capFen() : null, f.retainedMinFen());
            db.update("INSERT INTO mandate_usage (binding_id, funder_psn_no, used_fen) VALUES (?, ?, 0) "
                    + "ON CONFLICT (binding_id) DO NOTHING", f.bindingId(), f.funderPsnNo());
        }
        return true;
    }

    public boolean onKinshipChanged(UUID eventId, KinshipChangedEvent.Data d) {
        return onKinshipChanged(eventId, null, d);
    }

    /**
     * Upserts one direction of a kinship, only if the event is not older than what is stored: by {@code version}
     * when both carry one, else by the envelope's {@code occurred_at} when both have one (kinship.changed v1 has no
     * version). An older event arriving late (a relay re-send after a later change) changes nothing, so it can't
     * revive an ended kinship. Returns false when nothing changed.
     */
    public boolean onKinshipChanged(UUID eventId, OffsetDateTime occurredAt, KinshipChangedEvent.Data d) {
        if (eventId != null && !inbox.claim(eventId, "kinship.changed")) {
            return false;
        }
        return db.update("INSERT INTO kinship (psn_no, relative_psn_no, relation, active, updated_at, version, occurred_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (psn_no, relative_psn_no) DO UPDATE SET "
                        + "relation = EXCLUDED.relation, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at, "
                        + "version = coalesce(EXCLUDED.version, kinship.version), "
                        + "occurred_at = greatest(EXCLUDED.occurred_at, kinship.occurred_at) "
                        + "WHERE CASE WHEN EXCLUDED.version IS NOT NULL AND kinship.version IS NOT NULL "
                        + "THEN EXCLUDED.version > kinship.version "
                        + "WHEN EXCLUDED.occurred_at IS NOT NULL AND kinship.occurred_at IS NOT NULL "
                        + "THEN EXCLUDED.occurred_at >= kinship.occurred_at ELSE true END",
                d.psnNo(), d.relativePsnNo(), d.relation(), d.active(), OffsetDateTime.now(ZoneOffset.UTC), d.version(),
                occurredAt) > 0;
    }

    /** What relative_psn_no is to psn_no, if an active kinship is recorded. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> relation(String psnNo, String relativePsnNo) {
        return db.one("SELECT relation FROM kinship WHERE psn_no = ? AND relative_psn_no = ? AND active",
                rs -> rs.getString(1), psnNo, relativePsnNo);
    }

    /**
     * Applies one {@code proxy.changed} (R-BIND-11): keeps the newest version per proxy_id; an older or equal
     * version changes nothing. It only says who may read whose accounts: it never touches mandates, so a proxy
     * never makes one person's money pay for another. Returns false when nothing changed.
     */
    public boolean onProxyChanged(UUID eventId, ProxyChangedEvent.Data d) {
        if (d.proxyId() == null || blank(d.psnNo()) || blank(d.proxyPsnNo()) || d.active() == null
                || d.version() == null || d.version() < 1 || d.psnNo().equals(d.proxyPsnNo())) {
            throw new IllegalArgumentException("proxy.changed with missing or invalid fields");
        }
        if (eventId != null && !inbox.claim(eventId, "proxy.changed")) {
            return false;
        }
        return db.update("INSERT INTO proxy_authorization (proxy_id, psn_no, proxy_psn_no, active, version, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (proxy_id) DO UPDATE SET psn_no = EXCLUDED.psn_no, "
                        + "proxy_psn_no = EXCLUDED.proxy_psn_no, active = EXCLUDED.active, version = EXCLUDED.version, "
                        + "updated_at = EXCLUDED.updated_at WHERE proxy_authorization.version < EXCLUDED.version",
                d.proxyId(), d.psnNo(), d.proxyPsnNo(), d.active(), d.version(),
                OffsetDateTime.now(ZoneOffset.UTC)) > 0;
    }

    /** True when {@code agent} holds an active 亲情账户 proxy for {@code psnNo} (R-BIND-11). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean actsFor(String agent, String psnNo) {
        return agent != null && psnNo != null && db.one("SELECT 1 FROM proxy_authorization WHERE proxy_psn_no = ? "
                + "AND psn_no = ? AND active LIMIT 1", rs -> rs.getInt(1), agent, psnNo).isPresent();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
