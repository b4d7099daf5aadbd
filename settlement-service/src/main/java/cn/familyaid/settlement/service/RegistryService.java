package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Filing;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.InstitutionKind;
import cn.familyaid.settlement.domain.InsuredPerson;
import cn.familyaid.settlement.domain.Suspension;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Institutions (R-SET-1), suspensions (R-SET-3) and out-of-region filings (R-SET-6). */
@ApplicationScoped
@Transactional
public class RegistryService {

    @Inject
    EntityManager em;

    @Inject
    FamilyAidConfig config;

    /** Result of an idempotent create: the entity and whether it was created now. */
    public record Created<T>(T value, boolean created) {
    }

    public Created<Institution> putInstitution(Caller caller, String code, String name, InstitutionKind kind,
                                               String admdvs, boolean walletEnabled, boolean designated) {
        caller.requireScope(admdvs);
        Institution i = Institution.findById(code, LockModeType.PESSIMISTIC_WRITE);
        boolean created = i == null;
        if (i == null) {
            i = new Institution();
            i.fixmedinsCode = code;
        } else {
            caller.requireScope(i.admdvs); // a platform may not move another region's institution into its own
        }
        i.fixmedinsName = name;
        i.fixmedinsType = kind;
        i.admdvs = admdvs;
        i.walletEnabled = walletEnabled;
        i.designated = designated;
        i.updatedBy = caller.operator();
        i.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        i.persist();
        return new Created<>(i, created);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Institution institution(String code) {
        Institution i = Institution.findById(code);
        if (i == null) {
            throw RuleViolation.notFound("institution " + code);
        }
        return i;
    }

    /** R-SET-3: the agency of the person's region suspends networked settlement for 3..12 months from today. */
    public Created<Suspension> suspend(Caller caller, String requestId, String psnNo, int months, String reason) {
        InsuredPerson p = person(psnNo);
        caller.requireScope(p.insuplcAdmdvs);
        String hash = Bill.sha256(psnNo + "|" + months + "|" + reason);
        Suspension existing = Suspension.find("requestId", requestId).firstResult();
        if (existing != null) {
            return replay(existing, existing.requestHash, hash);
        }
        Suspension s = new Suspension();
        s.suspensionId = "SP" + UUID.randomUUID().toString().replace("-", "");
        s.requestId = requestId;
        s.requestHash = hash;
        s.psnNo = psnNo;
        s.months = months;
        s.reason = reason;
        s.begndate = LocalDate.now(config.settlement().zone());
        s.enddate = s.begndate.plusMonths(months);
        s.createdBy = caller.operator();
        s.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        s.persist();
        em.flush();
        return new Created<>(s, true);
    }

    /**
     * R-SET-3: the agency of the person's region lifts a suspension before its end, stating why; who lifted, when and
     * why are recorded, and the person settles again from now. Under the row's lock, so it is lifted once: a lifted
     * suspension → 409 {@code SUSPENSION_LIFTED}, one that has ended → 409 {@code SUSPENSION_ENDED}.
     */
    public Suspension lift(Caller caller, String suspensionId, String reason) {
        Suspension s = Suspension.findById(suspensionId, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            throw RuleViolation.notFound("suspension " + suspensionId);
        }
        caller.requireScope(person(s.psnNo).insuplcAdmdvs);
        if (s.liftedAt != null) {
            throw RuleViolation.conflict("SUSPENSION_LIFTED", "the suspension was already lifted on "
                    + s.liftedAt.atZoneSameInstant(config.settlement().zone()).toLocalDate() + " by " + s.liftedBy);
        }
        if (s.state(LocalDate.now(config.settlement().zone())) == Suspension.State.ENDED) {
            throw RuleViolation.conflict("SUSPENSION_ENDED", "the suspension ended on " + s.enddate
                    + " (the first day the person could settle again); there is nothing to lift");
        }
        s.liftedAt = OffsetDateTime.now(ZoneOffset.UTC);
        s.liftedBy = caller.operator();
        s.liftReason = reason;
        em.flush();
        return s;
    }

    /** R-SET-6: the person, or the agency of the person's region, files care in another region. */
    public Created<Filing> file(Caller caller, String requestId, String psnNo, String admdvs, LocalDate begn,
                                LocalDate end) {
        InsuredPerson p = person(psnNo);
        if (!caller.isPerson(psnNo)) {
            if (caller.is(Caller.PERSON)) {
                throw RuleViolation.forbidden("FORBIDDEN_PERSON", "a person may file only for themself");
            }
            caller.requireScope(p.insuplcAdmdvs);
        }
        if (end.isBefore(begn)) {
            throw RuleViolation.badField("enddate", "VALIDATION", "must not be before begndate");
        }
        if (admdvs.equals(p.insuplcAdmdvs)) {
            throw RuleViolation.badField("admdvs", "VALIDATION", "is the person's insured region; no filing needed");
        }
        String hash = Bill.sha256(psnNo + "|" + admdvs + "|" + begn + "|" + end);
        Filing existing = Filing.find("requestId", requestId).firstResult();
        if (existing != null) {
            return replay(existing, existing.requestHash, hash);
        }
        Filing f = new Filing();
        f.filingId = "F" + UUID.randomUUID().toString().replace("-", "");
        f.requestId = requestId;
        f.requestHash = hash;
        f.psnNo = psnNo;
        f.admdvs = admdvs;
        f.begndate = begn;
        f.enddate = end;
        f.createdBy = caller.operator();
        f.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        f.persist();
        em.flush();
        return new Created<>(f, true);
    }

    private static <T> Created<T> replay(T existing, String storedHash, String hash) {
        if (!storedHash.equals(hash)) {
            throw RuleViolation.conflict("IDEMPOTENCY_CONFLICT", "request_id was already used with other content");
        }
        return new Created<>(existing, false);
    }

    /** The person's recorded name (null if unknown), for views that show it masked. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String personName(String psnNo) {
        InsuredPerson p = InsuredPerson.findById(psnNo);
        return p == null ? null : p.psnName;
    }

    private InsuredPerson person(String psnNo) {
        InsuredPerson p = InsuredPerson.findById(psnNo);
        if (p == null) {
            throw RuleViolation.notFound("insured person " + psnNo);
        }
        return p;
    }
}
