package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Credential;
import cn.familyaid.settlement.domain.Eligibility;
import cn.familyaid.settlement.domain.Filing;
import cn.familyaid.settlement.domain.ImpersonationAttempt;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.InsuredPerson;
import cn.familyaid.settlement.domain.MedType;
import cn.familyaid.settlement.domain.RegionPolicy;
import cn.familyaid.settlement.domain.Suspension;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The checks every pre-settlement and settlement passes before the ledger is asked: the designated
 * institution settling as itself (R-SET-1), the patient's own credential and no suspension (R-SET-3),
 * eligible use (R-SET-5) and out-of-region filing (R-SET-6).
 */
@ApplicationScoped
public class Checks {

    /** What the checks found: the institution, the patient and whether/which account money may pay. */
    public record Checked(Institution institution, InsuredPerson person, Eligibility.Decision decision) {
    }

    /** R-SET-1: only a designated institution, and its token only as itself. */
    public Institution institution(Caller caller, String fixmedinsCode) {
        return QuarkusTransaction.requiringNew().call(() -> institutionInTransaction(caller, fixmedinsCode));
    }

    /** As {@link #institution} in the caller's transaction. */
    public Institution institutionInTransaction(Caller caller, String fixmedinsCode) {
        if (!caller.is(Caller.INSTITUTION) || !fixmedinsCode.equals(caller.fixmedinsCode())) {
            throw RuleViolation.forbidden("R-SET-1", "an institution settles only as itself");
        }
        Institution inst = Institution.findById(fixmedinsCode);
        if (inst == null || !inst.designated) {
            throw RuleViolation.forbidden("R-SET-1", "institution " + fixmedinsCode + " is not designated");
        }
        return inst;
    }

    public Checked check(Institution inst, Bill bill, LocalDate today, String operation) {
        if (!bill.mdtrtareaAdmvs().equals(inst.admdvs)) {
            throw RuleViolation.badField("mdtrtarea_admvs", "VALIDATION",
                    "must be the region of the institution (" + inst.admdvs + ")");
        }
        MedType medType = MedType.of(bill.medType()).orElseThrow(() -> RuleViolation.badField("med_type", "VALIDATION",
                "unknown med_type; see the service README for the codes"));
        record Found(InsuredPerson person, boolean suspended, java.util.Set<String> categories,
                     List<Eligibility.FilingPeriod> filings) {
        }
        Found f = QuarkusTransaction.requiringNew().call(() -> {
            InsuredPerson p = InsuredPerson.findById(bill.psnNo());
            if (p == null) {
                return null;
            }
            List<Eligibility.FilingPeriod> filings = Filing.<Filing>list("psnNo", p.psnNo).stream()
                    .map(x -> new Eligibility.FilingPeriod(x.admdvs, x.begndate, x.enddate)).toList();
            return new Found(p, Suspension.active(p.psnNo, today), RegionPolicy.categoriesFor(p.insuplcAdmdvs), filings);
        });
        if (f == null) {
            throw RuleViolation.notFound("insured person " + bill.psnNo());
        }
        InsuredPerson p = f.person();
        if (!Credential.isOwn(bill.mdtrtCertType(), bill.mdtrtCertNo(), p.psnNo, p.certno)) {
            recordImpersonation(inst, bill, "NOT_OWN_CREDENTIAL", operation);
            throw RuleViolation.forbidden("R-SET-3", "the credential presented is not the patient's own; "
                    + "the attempt is recorded");
        }
        if (p.deathDate != null && !p.deathDate.isAfter(today)) {
            recordImpersonation(inst, bill, "DECEASED_HOLDER", operation);
            throw RuleViolation.forbidden("R-SET-3", "the credential belongs to a deceased person; "
                    + "the attempt is recorded");
        }
        if (f.suspended()) {
            throw RuleViolation.forbidden("R-SET-3", "the patient is suspended from networked settlement");
        }
        if (!bill.insutype().equals(p.insutype)) {
            throw RuleViolation.badField("insutype", "VALIDATION", "is not the patient's insurance type");
        }
        Eligibility.requireBeneficiaryInsurance(medType, p.insutype);
        boolean outOfRegion = !inst.admdvs.equals(p.insuplcAdmdvs);
        boolean filed = outOfRegion && Eligibility.covers(f.filings(), inst.admdvs, today);
        Eligibility.Decision d = Eligibility.decide(medType, inst.fixmedinsType, f.categories(), bill.accountWanted(),
                outOfRegion, filed);
        return new Checked(inst, p, d);
    }

    private void recordImpersonation(Institution inst, Bill bill, String reason, String operation) {
        QuarkusTransaction.requiringNew().run(() -> {
            ImpersonationAttempt a = new ImpersonationAttempt();
            a.fixmedinsCode = inst.fixmedinsCode;
            a.psnNo = bill.psnNo();
            a.mdtrtCertType = bill.mdtrtCertType();
            a.presentedCertno = bill.mdtrtCertNo();
            InsuredPerson holder = Credential.E_VOUCHER.equals(bill.mdtrtCertType())
                    ? InsuredPerson.findById(bill.mdtrtCertNo())
                    : InsuredPerson.<InsuredPerson>find("upper(certno) = upper(?1)", bill.mdtrtCertNo()).firstResult();
            a.holderPsnNo = holder == null ? null : holder.psnNo;
            a.reason = reason;
            a.operation = operation;
            a.attemptedAt = OffsetDateTime.now(ZoneOffset.UTC);
            a.persist();
        });
    }
}
