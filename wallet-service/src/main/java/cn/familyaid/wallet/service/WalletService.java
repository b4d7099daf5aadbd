package cn.familyaid.wallet.service;

import cn.familyaid.wallet.ledger.Db;
import cn.familyaid.wallet.ledger.Ledger;
import cn.familyaid.wallet.ledger.LedgerAccount;
import cn.familyaid.wallet.problem.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** 医保钱包: wallet regions (R-WAL-5) and wallet activation (R-WAL-1). */
@ApplicationScoped
@Transactional
public class WalletService {

    @Inject
    Db db;

    @Inject
    Ledger ledger;

    public record Region(String admdvs, boolean open, OffsetDateTime updatedAt) {
    }

    public record Wallet(String psnNo, String admdvs, String phone, String status, long balanceFen, boolean created) {
    }

    public Region setRegion(String admdvs, boolean open, String operator) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        db.update("INSERT INTO wallet_region (admdvs, open, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (admdvs) DO UPDATE SET open = EXCLUDED.open, updated_at = EXCLUDED.updated_at, "
                + "updated_by = EXCLUDED.updated_by", admdvs, open, now, operator);
        return new Region(admdvs, open, now);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Region> regions(boolean openOnly) {
        return db.list("SELECT admdvs, open, updated_at FROM wallet_region" + (openOnly ? " WHERE open" : "")
                        + " ORDER BY admdvs",
                rs -> new Region(rs.getString(1), rs.getBoolean(2), rs.getObject(3, OffsetDateTime.class)));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isOpen(String admdvs) {
        return admdvs != null && db.one("SELECT open FROM wallet_region WHERE admdvs = ?", rs -> rs.getBoolean(1),
                admdvs).orElse(false);
    }

    /**
     * R-WAL-1: activates the person's wallet for a place of use, only where that region has opened the wallet.
     * Activating again with the same region and phone answers the existing wallet.
     */
    public Wallet activate(String psnNo, String admdvs, String phone) {
        boolean deceased = db.one("SELECT death_date IS NOT NULL FROM insured_person WHERE psn_no = ? FOR UPDATE",
                rs -> rs.getBoolean(1), psnNo).orElseThrow(() -> RuleViolation.notFound("insured person " + psnNo));
        if (deceased) {
            // a deceased person's money is frozen (R-WD-1, R-BIND-10): no new wallet is opened to receive or spend
            throw RuleViolation.conflict("R-WAL-1", "the insured person " + psnNo + " is deceased");
        }
        if (!isOpen(admdvs)) {
            throw RuleViolation.conflict("R-WAL-1", "region " + admdvs + " has not opened the wallet");
        }
        Optional<LedgerAccount> existing = ledger.find(psnNo, "WALLET");
        if (existing.isPresent()) {
            String storedPhone = db.one("SELECT phone FROM account WHERE id = ?", rs -> rs.getString(1),
                    existing.get().id()).orElse(null);
            if (admdvs.equals(existing.get().admdvs()) && phone.equals(storedPhone)) {
                LedgerAccount w = existing.get();
                return new Wallet(psnNo, w.admdvs(), storedPhone, w.status(), w.balance(), false);
            }
            throw RuleViolation.conflict("R-WAL-1", "the wallet of " + psnNo + " is already active in region "
                    + existing.get().admdvs());
        }
        long id = db.one("INSERT INTO account (psn_no, kind, admdvs, status, balance, held, opened_at, version, phone) "
                        + "VALUES (?, 'WALLET', ?, 'ACTIVE', 0, 0, ?, 1, ?) RETURNING id", rs -> rs.getLong(1),
                psnNo, admdvs, OffsetDateTime.now(ZoneOffset.UTC), phone).orElseThrow();
        ledger.accountsChanged(List.of(id));
        return new Wallet(psnNo, admdvs, phone, "ACTIVE", 0, true);
    }
}
