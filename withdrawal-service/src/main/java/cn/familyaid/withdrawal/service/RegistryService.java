package cn.familyaid.withdrawal.service;

import cn.familyaid.withdrawal.domain.ClosedAccount;
import cn.familyaid.withdrawal.domain.InsuredPerson;
import cn.familyaid.withdrawal.domain.Kinship;
import cn.familyaid.withdrawal.domain.RegionPolicy;
import cn.familyaid.withdrawal.inbox.Inbox;
import cn.familyaid.withdrawal.messaging.Events;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the local copies withdrawal decisions rest on: persons (death, status, region, name, certificate),
 * kinships (who is an heir), region policies (voluntary exit) and closed accounts. Each event is applied
 * once (inbox, same transaction); versioned state keeps the newest version.
 */
@ApplicationScoped
@Transactional
public class RegistryService {

    @Inject
    Inbox inbox;

    /** Returns false when the event was already applied. */
    public boolean onPersonChanged(UUID eventId, Events.PersonChanged d) {
        if (!inbox.claim(eventId, "person.changed")) {
            return false;
        }
        require(d.psnNo(), "psn_no");
        require(d.insuplcAdmdvs(), "insuplc_admdvs");
        InsuredPerson p = InsuredPerson.findById(d.psnNo(), LockModeType.PESSIMISTIC_WRITE);
        if (p != null && p.version >= d.version()) {
            return true; // an older state arriving late changes nothing
        }
        if (p == null) {
            p = new InsuredPerson();
            p.psnNo = d.psnNo();
        }
        p.psnName = d.psnName() == null ? "" : d.psnName();
        p.certno = d.certno() == null ? "" : d.certno();
        p.insutype = d.insutype();
        p.psnInsuStas = d.psnInsuStas();
        p.insuplcAdmdvs = d.insuplcAdmdvs();
        p.deathDate = d.deathDate();
        p.version = d.version();
        p.updatedAt = now();
        p.persist();
        return true;
    }

    /** Kinship events carry no version: one key's events arrive in order (one partition per psn_no). */
    public boolean onKinshipChanged(UUID eventId, Events.KinshipChanged d) {
        if (!inbox.claim(eventId, "kinship.changed")) {
            return false;
        }
        require(d.psnNo(), "psn_no");
        require(d.relativePsnNo(), "relative_psn_no");
        require(d.relation(), "relation");
        Kinship.Key key = new Kinship.Key(d.psnNo(), d.relativePsnNo());
        Kinship k = Kinship.findById(key, LockModeType.PESSIMISTIC_WRITE);
        if (k == null) {
            k = new Kinship();
            k.key = key;
        }
        k.relation = d.relation();
        k.active = d.active();
        k.updatedAt = now();
        k.persist();
        return true;
    }

    public boolean onRegionPolicyChanged(UUID eventId, Events.RegionPolicyChanged d) {
        if (!inbox.claim(eventId, "region.policy.changed")) {
            return false;
        }
        require(d.admdvs(), "admdvs");
        RegionPolicy p = RegionPolicy.findById(d.admdvs(), LockModeType.PESSIMISTIC_WRITE);
        if (p != null && p.version >= d.version()) {
            return true;
        }
        if (p == null) {
            p = new RegionPolicy();
            p.admdvs = d.admdvs();
        }
        List<String> extra = d.extraCategories() == null ? List.of() : d.extraCategories();
        p.extraCategories = String.join(",", extra);
        p.version = d.version();
        p.updatedAt = now();
        p.persist();
        return true;
    }

    public boolean onAccountClosed(UUID eventId, Events.AccountClosed d) {
        if (!inbox.claim(eventId, "account.closed")) {
            return false;
        }
        require(d.psnNo(), "psn_no");
        if (d.kind() != null && !"PERSONAL".equals(d.kind())) {
            return true; // withdrawal is about personal accounts only
        }
        if (ClosedAccount.findById(d.psnNo()) == null) {
            ClosedAccount c = new ClosedAccount();
            c.psnNo = d.psnNo();
            c.reason = d.reason() == null ? "UNKNOWN" : d.reason();
            c.closedAt = d.closedAt() == null ? now() : d.closedAt();
            c.persist();
        }
        return true;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("event without " + field);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
