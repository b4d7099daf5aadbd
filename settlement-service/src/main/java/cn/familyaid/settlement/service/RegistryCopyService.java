package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.InsuredPerson;
import cn.familyaid.settlement.domain.RegionPolicy;
import cn.familyaid.settlement.inbox.Inbox;
import cn.familyaid.settlement.messaging.PersonChangedEvent;
import cn.familyaid.settlement.messaging.RegionPolicyChangedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Keeps the local copies of persons and region policies: inbox-deduplicated, newest version wins. */
@ApplicationScoped
@Transactional
public class RegistryCopyService {

    @Inject
    Inbox inbox;

    /** Returns false when the event was already applied. */
    public boolean onPersonChanged(UUID eventId, PersonChangedEvent.Data d) {
        if (!inbox.claim(eventId, "person.changed")) {
            return false;
        }
        InsuredPerson p = InsuredPerson.findById(d.psnNo(), LockModeType.PESSIMISTIC_WRITE);
        if (p != null && p.version >= d.version()) {
            return true; // an older state arriving late changes nothing
        }
        if (p == null) {
            p = new InsuredPerson();
            p.psnNo = d.psnNo();
        }
        p.psnName = Objects.requireNonNull(d.psnName(), "psn_name");
        p.psnCertType = d.psnCertType();
        p.certno = Objects.requireNonNull(d.certno(), "certno");
        p.insutype = Objects.requireNonNull(d.insutype(), "insutype");
        p.psnInsuStas = Objects.requireNonNull(d.psnInsuStas(), "psn_insu_stas");
        p.insuplcAdmdvs = Objects.requireNonNull(d.insuplcAdmdvs(), "insuplc_admdvs");
        p.deathDate = d.deathDate();
        p.version = d.version();
        p.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        p.persist();
        return true;
    }

    public boolean onRegionPolicyChanged(UUID eventId, RegionPolicyChangedEvent.Data d) {
        if (!inbox.claim(eventId, "region.policy.changed")) {
            return false;
        }
        RegionPolicy r = RegionPolicy.findById(d.admdvs(), LockModeType.PESSIMISTIC_WRITE);
        if (r != null && r.version >= d.version()) {
            return true;
        }
        if (r == null) {
            r = new RegionPolicy();
            r.admdvs = d.admdvs();
        }
        List<String> cats = d.extraCategories() == null ? List.of() : d.extraCategories();
        r.extraCategories = String.join(",", cats);
        r.version = d.version();
        r.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        r.persist();
        return true;
    }
}
