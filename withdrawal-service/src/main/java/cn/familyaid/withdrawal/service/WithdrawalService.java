package cn.familyaid.withdrawal.service;

import cn.familyaid.withdrawal.domain.ClosedAccount;
import cn.familyaid.withdrawal.domain.DishonestyEntry;
import cn.familyaid.withdrawal.domain.Evidence;
import cn.familyaid.withdrawal.domain.EvidenceType;
import cn.familyaid.withdrawal.domain.InsuredPerson;
import cn.familyaid.withdrawal.domain.Kinship;
import cn.familyaid.withdrawal.domain.Money;
import cn.familyaid.withdrawal.domain.Reason;
import cn.familyaid.withdrawal.domain.RegionPolicy;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.mapping.WithdrawalChanged;
import cn.familyaid.withdrawal.mapping.WithdrawalView;
import cn.familyaid.withdrawal.outbox.Outbox;
import cn.familyaid.withdrawal.problem.Problem;
import cn.familyaid.withdrawal.problem.RuleViolation;
import cn.familyaid.withdrawal.rest.WithdrawalRequest;
import cn.familyaid.withdrawal.security.Requester;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Files applications (R-WD-1..6, -9) and shows them. Who applies: the person, or for DEATH an heir (a
 * relative with a recorded kinship), for SERIOUS_ILLNESS also a guardian (a recorded relative); an agency
 * may file at the counter for the applicant standing there, identified by the certificate in
 * {@code applicant}. The recipient is the person, or the heir for DEATH; the bank account must be in the
 * recipient's own name (R-WD-7).
 */
@ApplicationScoped
@Transactional
public class WithdrawalService {
    public static final String SELF = "SELF";

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    public record Filed(WithdrawalView view, boolean created) {
    }

    public Filed submit(WithdrawalRequest r, Requester by) {
        if (!by.isAgency() && by.psnNo() == null) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "the person token carries no psn_no claim");
        }
        // the same request_id is handled one at a time: a replay sees the committed first answer
        advisoryLock("wd-req:" + r.requestId());
        String hash = hash(r, by);
        var existing = Withdrawal.byRequestId(r.requestId());
        if (existing.isPresent()) {
            if (!existing.get().requestHash.equals(hash)) {
                throw RuleViolation.conflict("IDEMPOTENCY_CONFLICT",
                        "request_id " + r.requestId() + " was used for another request");
            }
            return new Filed(view(existing.get(), by), false);
        }
        advisoryLock("wd-psn:" + r.psnNo());

        InsuredPerson person = InsuredPerson.findById(r.psnNo());
        if (person == null) {
            throw RuleViolation.notFound("person " + r.psnNo());
        }
        Reason reason = r.reason();
        InsuredPerson applicant = applicant(r, by, person);
        String relation = relationOf(applicant, person, reason);
        if (!relation.equals(r.applicant().relation())) {
            throw RuleViolation.badField("applicant.relation", reason.rule,
                    "the recorded relation of the applicant to the person is " + relation);
        }
        if (DishonestyEntry.listed(applicant.psnNo, applicant.certno)) {
            throw RuleViolation.forbidden("R-WD-9", "the applicant is on the dishonesty list (失信名单)");
        }

        // input: evidence, amounts, the recipient's bank account
        List<Evidence> evidence = evidence(r);
        Long billFen = null;
        Long requestedFen = null;
        if (reason == Reason.SERIOUS_ILLNESS) {
            billFen = evidence.stream().filter(e -> e.type.equals(EvidenceType.ITEMISED_BILL.name()))
                    .mapToLong(e -> e.amountFen).reduce(0, Math::addExact);
            if (r.amount() == null) {
                throw RuleViolation.badField("amount", "R-WD-4", "is required for SERIOUS_ILLNESS");
            }
            requestedFen = Money.toFen(r.amount(), "amount");
            if (requestedFen == 0) {
                throw RuleViolation.badField("amount", "R-WD-4", "must be more than zero");
            }
            if (requestedFen > billFen) {
                throw RuleViolation.badField("amount", "R-WD-4",
                        "must not exceed the itemised bill (" + Money.toYuan(billFen) + ")");
            }
        } else if (r.amount() != null) {
            throw RuleViolation.badField("amount", reason.rule,
                    "only SERIOUS_ILLNESS names an amount; " + reason + " withdraws the whole balance");
        }
        InsuredPerson recipient = reason == Reason.DEATH ? applicant : person;
        if (!recipient.psnName.equals(r.bankAccount().holderName())) {
            throw RuleViolation.badField("bank_account.holder_name", "R-WD-7",
                    "the bank account must be in the recipient's own name"
                            + (reason == Reason.DEATH ? " (the heir's)" : " (the person's)"));
        }

        // the person's state
        if (!InsuredPerson.EMPLOYEE.equals(person.insutype)) {
            throw RuleViolation.conflict("NO_PERSONAL_ACCOUNT", "only employee insurance (310) has a personal account");
        }
        if (ClosedAccount.findById(person.psnNo) != null) {
            throw RuleViolation.conflict("ACCOUNT_CLOSED", "the personal account is closed; nothing to withdraw");
        }
        if (person.deceased() && reason != Reason.DEATH) {
            throw RuleViolation.conflict("R-WD-1",
                    "the person is deceased: the account is frozen except for an heir's DEATH withdrawal");
        }
        if (!person.deceased() && reason == Reason.DEATH) {
            throw RuleViolation.conflict("R-WD-1", "the person is not recorded as deceased");
        }
        if (reason == Reason.EMIGRATION && !InsuredPerson.TERMINATED.equals(person.psnInsuStas)) {
            throw RuleViolation.conflict("R-WD-2", "emigration needs the insurance stopped (psn_insu_stas 4)");
        }
        if (reason == Reason.VOLUNTARY_EXIT) {
            RegionPolicy policy = RegionPolicy.findById(person.insuplcAdmdvs);
            if (policy == null || !policy.allows(RegionPolicy.VOLUNTARY_EXIT)) {
                throw RuleViolation.conflict("R-WD-3",
                        "region " + person.insuplcAdmdvs + " does not allow voluntary exit withdrawals");
            }
        }
        List<Evidence> bills = reason == Reason.SERIOUS_ILLNESS ? unclaimedBills(person, evidence) : List.of();
        if (Withdrawal.count("psnNo = ?1 and status in ?2", person.psnNo,
                List.of(Withdrawal.Status.SUBMITTED, Withdrawal.Status.APPROVED)) > 0) {
            throw RuleViolation.conflict("WITHDRAWAL_OPEN", "the person already has an open withdrawal application");
        }

        Withdrawal w = new Withdrawal();
        w.id = UUID.randomUUID();
        w.requestId = r.requestId();
        w.requestHash = hash;
        w.psnNo = person.psnNo;
        w.admdvs = person.insuplcAdmdvs;
        w.reason = reason;
        w.fullWithdrawal = reason.full;
        w.status = Withdrawal.Status.SUBMITTED;
        w.applicantPsnNo = applicant.psnNo;
        w.applicantName = applicant.psnName;
        w.applicantCertno = applicant.certno;
        w.applicantRelation = relation;
        w.filedByRole = by.role();
        w.filedBy = by.isAgency() ? by.operator() : by.psnNo();
        w.bank = r.bankAccount().bank();
        w.bankAccountNo = r.bankAccount().accountNo();
        w.holderName = r.bankAccount().holderName();
        w.movingAbroad = r.abroad();
        w.requestedFen = requestedFen;
        w.billFen = billFen;
        w.submittedAt = now();
        w.version = 1;
        w.persist();
        for (Evidence e : evidence) {
            e.withdrawalId = w.id;
            e.persist();
        }
        claim(w, bills);
        changed(w);
        return new Filed(WithdrawalView.of(w, evidence, true), true);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WithdrawalView view(UUID id, Requester by) {
        Withdrawal w = Withdrawal.findById(id);
        if (w == null) {
            throw RuleViolation.notFound("withdrawal " + id);
        }
        return view(w, by);
    }

    /** Shown to the applicant and the person (unmasked) and to an agency covering the person's region. */
    WithdrawalView view(Withdrawal w, Requester by) {
        boolean own = by.isPerson(w.applicantPsnNo) || by.isPerson(w.psnNo);
        if (!own) {
            if (!by.isAgency()) {
                throw RuleViolation.forbidden("FORBIDDEN_PERSON", "only the applicant or an agency may read it");
            }
            if (!by.covers(regionOf(w))) {
                throw RuleViolation.forbidden("FORBIDDEN_REGION", "the agency's scope does not cover the person's region");
            }
        }
        return WithdrawalView.of(w, Evidence.of(w.id), by.isPerson(w.applicantPsnNo));
    }

    /** The person's region now (they may have moved since filing), else the region at filing. */
    static String regionOf(Withdrawal w) {
        InsuredPerson p = InsuredPerson.findById(w.psnNo);
        return p != null ? p.insuplcAdmdvs : w.admdvs;
    }

    void changed(Withdrawal w) {
        outbox.publish(WithdrawalChanged.TOPIC, w.psnNo, WithdrawalChanged.TYPE, WithdrawalChanged.SCHEMA_VERSION,
                WithdrawalChanged.of(w));
    }

    /**
     * The applicant: the calling person, or at an agency counter the insured person whose certificate is in
     * {@code applicant}. The applicant block must describe them; they must be allowed to apply for this case.
     */
    private InsuredPerson applicant(WithdrawalRequest r, Requester by, InsuredPerson person) {
        InsuredPerson applicant;
        if (by.isAgency()) {
            if (!by.covers(person.insuplcAdmdvs)) {
                throw RuleViolation.forbidden("FORBIDDEN_REGION",
                        "a counter filing belongs to an agency of the person's region (R-WD-7)");
            }
            applicant = InsuredPerson.byCertno(r.applicant().certno()).orElseThrow(() -> RuleViolation.badField(
                    "applicant.certno", "VALIDATION", "is not the certificate of a recorded insured person"));
        } else {
            if (by.psnNo() == null) {
                throw RuleViolation.forbidden("FORBIDDEN_PERSON", "the person token carries no psn_no claim");
            }
            applicant = InsuredPerson.findById(by.psnNo());
            if (applicant == null) {
                throw RuleViolation.forbidden("FORBIDDEN_PERSON", "the caller is not a recorded insured person");
            }
            if (!applicant.certno.equals(r.applicant().certno())) {
                throw RuleViolation.badField("applicant.certno", "VALIDATION", "must be the caller's own certificate");
            }
        }
        if (!applicant.psnName.equals(r.applicant().psnName())) {
            throw RuleViolation.badField("applicant.psn_name", "VALIDATION",
                    "does not match the applicant's recorded name");
        }
        return applicant;
    }

    /**
     * What the applicant is to the person (SELF, or the recorded kinship), refusing applicants the case does not
     * admit: R-WD-1 an heir only; R-WD-4 the person or a guardian (a recorded relative); the others the person.
     */
    private static String relationOf(InsuredPerson applicant, InsuredPerson person, Reason reason) {
        boolean self = applicant.psnNo.equals(person.psnNo);
        if (reason == Reason.DEATH) {
            if (self) {
                throw RuleViolation.forbidden("R-WD-1", "a death withdrawal is applied for by an heir");
            }
            return Kinship.active(person.psnNo, applicant.psnNo).map(k -> k.relation)
                    .orElseThrow(() -> RuleViolation.forbidden("R-WD-1",
                            "the applicant has no recorded kinship with the deceased: not an heir"));
        }
        if (self) {
            return SELF;
        }
        if (reason == Reason.SERIOUS_ILLNESS) {
            return Kinship.active(person.psnNo, applicant.psnNo).map(k -> k.relation)
                    .orElseThrow(() -> RuleViolation.forbidden("R-WD-4",
                            "a serious-illness withdrawal is applied for by the person or a guardian (recorded relative)"));
        }
        throw RuleViolation.forbidden(reason.rule, reason + " is applied for by the person only");
    }

    /**
     * R-WD-4: the bills of a serious-illness application, each of which must back no other application of the
     * person that is not rejected (a paid bill is not paid again), nor appear twice in this one. Runs under the
     * person's lock; {@code bill_claim}'s primary key guards it in the database as well.
     */
    private List<Evidence> unclaimedBills(InsuredPerson person, List<Evidence> evidence) {
        List<Evidence> bills = evidence.stream().filter(e -> e.type.equals(EvidenceType.ITEMISED_BILL.name())).toList();
        Set<String> keys = new HashSet<>();
        for (Evidence b : bills) {
            if (!keys.add(b.billKey())) {
                throw RuleViolation.badField("evidence[" + b.position + "].ref", "R-WD-4",
                        "ITEMISED_BILL " + b.ref + " is listed twice; a bill counts once");
            }
        }
        if (keys.isEmpty()) {
            return bills;
        }
        @SuppressWarnings("unchecked")
        List<String> claimed = em.createNativeQuery(
                        "SELECT bill_ref FROM bill_claim WHERE psn_no = ?1 AND bill_ref IN (?2)", String.class)
                .setParameter(1, person.psnNo).setParameter(2, keys).getResultList();
        if (!claimed.isEmpty()) {
            List<Problem.FieldError> errors = bills.stream().filter(b -> claimed.contains(b.billKey()))
                    .map(b -> new Problem.FieldError("evidence[" + b.position + "].ref", "ITEMISED_BILL " + b.ref
                            + " already backs another withdrawal application of the person"))
                    .toList();
            throw new RuleViolation(409, "R-WD-4", "Conflict",
                    "an itemised bill backs one withdrawal: " + String.join("; ", errors.stream()
                            .map(Problem.FieldError::message).toList()), errors);
        }
        return bills;
    }

    /** Records the application's claim on its bills (released if it is rejected, see {@link #releaseBills}). */
    private void claim(Withdrawal w, List<Evidence> bills) {
        if (bills.isEmpty()) {
            return;
        }
        em.flush();
        for (Evidence b : bills) {
            em.createNativeQuery("INSERT INTO bill_claim (psn_no, bill_ref, withdrawal_id, claimed_at) "
                            + "VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, w.psnNo).setParameter(2, b.billKey()).setParameter(3, w.id)
                    .setParameter(4, w.submittedAt).executeUpdate();
        }
    }

    /** An application that ends unpaid gives its bills back: they may back a new application. */
    void releaseBills(Withdrawal w) {
        em.createNativeQuery("DELETE FROM bill_claim WHERE withdrawal_id = ?1").setParameter(1, w.id).executeUpdate();
    }

    /** Evidence records; every missing item of the reason is named in one 400 (field {@code evidence}). */
    private static List<Evidence> evidence(WithdrawalRequest r) {
        List<Problem.FieldError> bad = new ArrayList<>();
        Set<EvidenceType> given = EnumSet.noneOf(EvidenceType.class);
        List<Evidence> records = new ArrayList<>();
        List<WithdrawalRequest.EvidenceItem> items = r.evidenceOrEmpty();
        for (int i = 0; i < items.size(); i++) {
            WithdrawalRequest.EvidenceItem item = items.get(i);
            EvidenceType type = EvidenceType.parse(item.type());
            if (type == null) {
                bad.add(new Problem.FieldError("evidence[" + i + "].type", "unknown evidence type " + item.type()));
                continue;
            }
            Evidence e = new Evidence();
            e.position = i;
            e.type = type.name();
            e.ref = item.ref();
            if (type == EvidenceType.ITEMISED_BILL) {
                if (item.amount() == null) {
                    bad.add(new Problem.FieldError("evidence[" + i + "].amount", "an itemised bill states its amount"));
                    continue;
                }
                e.amountFen = Money.toFen(item.amount(), "evidence[" + i + "].amount");
            } else if (item.amount() != null) {
                bad.add(new Problem.FieldError("evidence[" + i + "].amount", "only an ITEMISED_BILL has an amount"));
                continue;
            }
            given.add(type);
            records.add(e);
        }
        if (!bad.isEmpty()) {
            throw new RuleViolation(400, "VALIDATION", "Invalid request",
                    String.join("; ", bad.stream().map(f -> f.field() + ": " + f.message()).toList()), bad);
        }
        List<String> missing = r.reason().missingEvidence(given, r.abroad());
        if (!missing.isEmpty()) {
            List<Problem.FieldError> errors = missing.stream()
                    .map(m -> new Problem.FieldError("evidence", "missing " + m)).toList();
            throw new RuleViolation(400, r.reason().rule, "Missing evidence",
                    r.reason() + " needs evidence: missing " + String.join(", ", missing), errors);
        }
        return records;
    }

    private void advisoryLock(String key) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, key).getSingleResult();
    }

    /** Same request_id + same content (by the same caller) → same hash; anything else differs. */
    private String hash(WithdrawalRequest r, Requester by) {
        try {
            String canonical = by.role() + "|" + by.psnNo() + "|" + by.admdvs() + "|"
                    + json.writeValueAsString(canonical(json.valueToTree(r)));
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Amounts compared as money: 800.0 and 800.00 are the same content. */
    private static JsonNode canonical(JsonNode n) {
        if (n.isBigDecimal() || n.isDouble() || n.isFloat()) {
            return TextNode.valueOf(n.decimalValue().stripTrailingZeros().toPlainString());
        }
        if (n instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(f -> o.set(f, canonical(o.get(f))));
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, canonical(a.get(i)));
            }
        }
        return n;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
