package cn.familyaid.wallet.service;

import cn.familyaid.wallet.domain.Kinship;
import cn.familyaid.wallet.ledger.Db;
import cn.familyaid.wallet.ledger.Ledger;
import cn.familyaid.wallet.ledger.LedgerAccount;
import cn.familyaid.wallet.mapping.TransferCompleted;
import cn.familyaid.wallet.outbox.Outbox;
import cn.familyaid.wallet.problem.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 钱包共济 transfers: from the sender's own personal account or wallet into a near relative's active wallet,
 * across provinces (R-WAL-2); all or nothing in one transaction and idempotent by transfer_id (R-WAL-6).
 */
@ApplicationScoped
@Transactional
public class TransferService {

    @Inject
    Db db;

    @Inject
    Ledger ledger;

    @Inject
    Outbox outbox;

    @Inject
    WalletService wallets;

    @Inject
    FamilyService family;

    public record Transfer(String transferId, String fromPsnNo, String toPsnNo, String toPsnName, String source,
                           long amountFen, String status, OffsetDateTime createdAt, boolean replay) {
    }

    record Person(String psnNo, String name, String insutype, String stas, String admdvs, boolean dead) {
    }

    public Transfer transfer(String transferId, String fromPsnNo, String source, String toPsnNo, String toPsnName,
                             long amountFen) {
        if (amountFen <= 0) {
            throw RuleViolation.badField("amount", "VALIDATION", "must be greater than 0");
        }
        String hash = Hashing.of(fromPsnNo, source, toPsnNo, toPsnName, amountFen);
        Optional<Transfer> earlier = find(transferId);
        if (earlier.isPresent()) {
            return replay(earlier.get(), transferId, hash);
        }
        Person sender = person(fromPsnNo).orElseThrow(() -> RuleViolation.notFound("insured person " + fromPsnNo));
        LedgerAccount from = ledger.find(fromPsnNo, source).orElseThrow(() -> RuleViolation.conflict("R-WAL-2",
                "the sender has no " + ("WALLET".equals(source) ? "wallet" : "personal account")));
        Person payee = person(toPsnNo).filter(p -> p.name().equals(toPsnName)).orElseThrow(() ->
                RuleViolation.conflict("R-WAL-2", "to_psn_name does not match the payee " + toPsnNo));
        if (!("310".equals(payee.insutype()) || "390".equals(payee.insutype())) || !"1".equals(payee.stas())
                || payee.dead()) {
            throw RuleViolation.conflict("R-WAL-2", "the payee must be enrolled in basic medical insurance, normal status");
        }
        String relation = family.relation(fromPsnNo, toPsnNo).orElse(null);
        if (fromPsnNo.equals(toPsnNo) || !Kinship.isNear(relation)) {
            throw RuleViolation.conflict("R-WAL-2", "the payee is not a recorded near relative of the sender");
        }
        LedgerAccount to = ledger.find(toPsnNo, "WALLET").filter(LedgerAccount::active).orElseThrow(() ->
                RuleViolation.conflict("R-WAL-2", "the payee has no active wallet"));
        String senderRegion = from.admdvs();
        if (!wallets.isOpen(senderRegion) || !wallets.isOpen(to.admdvs())) {
            throw RuleViolation.conflict("R-WAL-2", "both the sender's region (" + senderRegion
                    + ") and the payee's wallet region (" + to.admdvs() + ") must have opened the wallet");
        }

        Map<Long, LedgerAccount> locked = ledger.lock(List.of(from.id(), to.id()));
        earlier = find(transferId); // a concurrent request with the same id committed meanwhile
        if (earlier.isPresent()) {
            return replay(earlier.get(), transferId, hash);
        }
        LedgerAccount src = locked.get(from.id());
        LedgerAccount dst = locked.get(to.id());
        if (!src.active()) {
            throw RuleViolation.conflict("CLOSED".equals(src.status()) ? "ACCOUNT_CLOSED" : "ACCOUNT_FROZEN",
                    "the sender's account is " + src.status());
        }
        if (!dst.active()) {
            throw RuleViolation.conflict("R-WAL-2", "the payee has no active wallet");
        }
        if (src.available() < amountFen) {
            throw RuleViolation.conflict("INSUFFICIENT_BALANCE", "the available balance is not enough");
        }
        long t = ledger.transfer(Ledger.Movement.of(src.id(), dst.id(), amountFen, "transfer", transferId, transferId));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        db.update("INSERT INTO wallet_transfer (transfer_id, from_psn_no, to_psn_no, source, amount_fen, status, "
                        + "request_hash, ledger_transfer_id, created_at) VALUES (?, ?, ?, ?, ?, 'COMPLETED', ?, ?, ?)",
                transferId, fromPsnNo, toPsnNo, source, amountFen, hash, t, now);
        outbox.publish(TransferCompleted.TOPIC, fromPsnNo, TransferCompleted.TYPE, TransferCompleted.SCHEMA_VERSION,
                new TransferCompleted(transferId, fromPsnNo, toPsnNo, source, amountFen));
        ledger.accountsChanged(List.of(src.id(), dst.id()));
        ledger.posted(List.of(new Ledger.Posted(fromPsnNo, t, amountFen)), "transfer", transferId);
        return new Transfer(transferId, fromPsnNo, toPsnNo, payee.name(), source, amountFen, "COMPLETED", now, false);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Transfer> find(String transferId) {
        return db.one("SELECT w.transfer_id, w.from_psn_no, w.to_psn_no, p.psn_name, w.source, w.amount_fen, "
                        + "w.status, w.created_at FROM wallet_transfer w LEFT JOIN insured_person p ON p.psn_no = w.to_psn_no "
                        + "WHERE w.transfer_id = ?",
                rs -> new Transfer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class), true), transferId);
    }

    private Transfer replay(Transfer earlier, String transferId, String hash) {
        String stored = db.one("SELECT request_hash FROM wallet_transfer WHERE transfer_id = ?", rs -> rs.getString(1),
                transferId).orElseThrow();
        if (!stored.equals(hash)) {
            throw RuleViolation.conflict("IDEMPOTENCY_CONFLICT", "transfer_id " + transferId
                    + " was used for another transfer");
        }
        return earlier;
    }

    private Optional<Person> person(String psnNo) {
        return db.one("SELECT psn_no, psn_name, insutype, psn_insu_stas, insuplc_admdvs, death_date IS NOT NULL "
                        + "FROM insured_person WHERE psn_no = ?",
                rs -> new Person(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6)), psnNo);
    }
}
