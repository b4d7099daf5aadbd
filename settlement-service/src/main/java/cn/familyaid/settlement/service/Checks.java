package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Credential;
import cn.familyaid.settlement.domain.Eligibility;
import cn.familyaid.settlement.domain.ImpersonationAttempt;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.InstitutionKind;
import cn.familyaid.settlement.domain.InsuredPerson;
import cn.familyaid.settlement.domain.MedType;
import cn.familyaid.settlement.domain.RegionPolicy;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The checks every pre-settlement and settlement passes before the ledger is asked: the designated
 * institution settling as itself (R-SET-1), the patient's own credential and no suspension (R-SET-3),
 * eligible use (R-SET-5) and out-of-region filing (R-SET-6).
 */
@ApplicationScoped
public class Checks {

    @Inject
    EntityManager em;

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

    /**
     * Everything a one-shot settlement checks, read in one statement: the institution, the patient with an active
     * suspension, filings and the region's categories, whether the idempotency key is taken, and whether the
     * patient has anything open here that R-SET-2 must deal with first (a held pre-settlement, or a failed attempt
     * whose hold is unresolved).
     */
    public record Snapshot(Institution institution, Found found, boolean keyTaken, boolean openHere) {
    }

    static final String SNAPSHOT = """
            SELECT i.fixmedins_code, i.fixmedins_name, i.fixmedins_type, i.admdvs, i.wallet_enabled, i.designated,
                   p.psn_no, p.psn_name, p.psn_cert_type, p.certno, p.insutype, p.psn_insu_stas, p.insuplc_admdvs,
                   p.death_date, p.version,
                   EXISTS (SELECT 1 FROM suspension s WHERE s.psn_no = p.psn_no AND s.begndate <= ? AND s.enddate > ?
                                   AND s.lifted_at IS NULL),
                   (SELECT string_agg(f.admdvs || ',' || f.begndate || ',' || coalesce(f.enddate::text, ''), ';')
                      FROM filing f WHERE f.psn_no = p.psn_no),
                   (SELECT r.extra_categories FROM region_policy r
                     WHERE r.admdvs IN (p.insuplc_admdvs, substr(p.insuplc_admdvs, 1, 2) || '0000')
                       AND (r.admdvs = p.insuplc_admdvs OR length(p.insuplc_admdvs) = 6)
                     ORDER BY r.admdvs = p.insuplc_admdvs DESC LIMIT 1),
                   EXISTS (SELECT 1 FROM settlement s WHERE s.fixmedins_code = i.fixmedins_code AND s.medins_setl_id = ?),
                   EXISTS (SELECT 1 FROM pre_settlement q WHERE q.fixmedins_code = i.fixmedins_code AND q.psn_no = ?
                             AND (q.status = 'HELD' OR (q.status = 'FAILED' AND q.hold_state IN ('UNKNOWN', 'HELD'))))
                   OR EXISTS (SELECT 1 FROM settlement s WHERE s.fixmedins_code = i.fixmedins_code AND s.psn_no = ?
                             AND s.status = 'FAILED' AND s.hold_state IN ('UNKNOWN', 'HELD'))
            FROM institution i LEFT JOIN insured_person p ON p.psn_no = ?
            WHERE i.fixmedins_code = ?""";

    /** The {@link Snapshot} in the caller's transaction; null when the institution is unknown. */
    public Snapshot snapshot(Bill bill, String medinsSetlId, LocalDate today) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(SNAPSHOT)) {
                ps.setObject(1, today);
                ps.setObject(2, today);
                ps.setString(3, medinsSetlId);
                ps.setString(4, bill.psnNo());
                ps.setString(5, bill.psnNo());
                ps.setString(6, bill.psnNo());
                ps.setString(7, bill.fixmedinsCode());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    Institution inst = new Institution();
                    inst.fixmedinsCode = rs.getString(1);
                    inst.fixmedinsName = rs.getString(2);
                    inst.fixmedinsType = InstitutionKind.valueOf(rs.getString(3));
                    inst.admdvs = rs.getString(4);
                    inst.walletEnabled = rs.getBoolean(5);
                    inst.designated = rs.getBoolean(6);
                    Found found = null;
                    if (rs.getString(7) != null) {
                        InsuredPerson p = new InsuredPerson();
                        p.psnNo = rs.getString(7);
                        p.psnName = rs.getString(8);
                        p.psnCertType = rs.getString(9);
                        p.certno = rs.getString(10);
                        p.insutype = rs.getString(11);
                        p.psnInsuStas = rs.getString(12);
                        p.insuplcAdmdvs = rs.getString(13);
                        p.deathDate = rs.getObject(14, LocalDate.class);
                        p.version = rs.getLong(15);
                        found = new Found(p, rs.getBoolean(16), RegionPolicy.parse(rs.getString(18)),
                                filings(rs.getString(17)));
                    }
                    return new Snapshot(inst, found, rs.getBoolean(19), rs.getBoolean(20));
                }
            }
        });
    }

    private static List<Eligibility.FilingPeriod> filings(String packed) {
        if (packed == null) {
            return List.of();
        }
        return Arrays.stream(packed.split(";")).map(f -> f.split(",", -1))
                .map(f -> new Eligibility.FilingPeriod(f[0], LocalDate.parse(f[1]),
                        f[2].isEmpty() ? null : LocalDate.parse(f[2]))).toList();
    }

    /** The checks of a bill at {@code inst}, reading the patient as {@link #snapshot} does (one statement). */
    public Checked check(Institution inst, Bill bill, LocalDate today, String operation) {
        Snapshot snap = QuarkusTransaction.requiringNew().call(() -> snapshot(bill, null, today));
        return decide(inst, bill, today, operation, snap == null ? null : snap.found());
    }

    /** What the checks read about the patient: the person, an active suspension, the region's categories, filings. */
    public record Found(InsuredPerson person, boolean suspended, Set<String> categories,
                        List<Eligibility.FilingPeriod> filings) {
    }

    /** The checks on what was read ({@code f} null: no such patient); throws the refusal. */
    public Checked decide(Institution inst, Bill bill, LocalDate today, String operation, Found f) {
        if (!bill.mdtrtareaAdmvs().equals(inst.admdvs)) {
            throw RuleViolation.badField("mdtrtarea_admvs", "VALIDATION",
                    "must be the region of the institution (" + inst.admdvs + ")");
        }
        MedType medType = MedType.of(bill.medType()).orElseThrow(() -> RuleViolation.badField("med_type", "VALIDATION",
                "unknown med_type; see the service README for the codes"));
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
