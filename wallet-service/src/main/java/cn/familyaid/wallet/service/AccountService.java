package cn.familyaid.wallet.service;

import cn.familyaid.wallet.domain.Account;
import cn.familyaid.wallet.domain.InsuredPerson;
import cn.familyaid.wallet.inbox.Inbox;
import cn.familyaid.wallet.ledger.Db;
import cn.familyaid.wallet.ledger.Ledger;
import cn.familyaid.wallet.messaging.PersonChangedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Opens, freezes and shows accounts as the insured-person registry changes. */
@ApplicationScoped
@Transactional
public class AccountService {

    @Inject
    Inbox inbox;

    @Inject
    Db db;

    @Inject
    Ledger ledger;

    /**
     * Applies one {@code person.changed}; returns false when the event was already applied.
     * Keeps the newest person version; opens the personal account of an employee-insured (310) person;
     * a death freezes it (nothing leaves except to withdrawal).
     */
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
        p.psnName = d.psnName();
        p.insutype = d.insutype();
        p.psnInsuStas = d.psnInsuStas();
        p.insuplcAdmdvs = d.insuplcAdmdvs();
        p.deathDate = d.deathDate();
        if (d.certno() != null) {
            p.psnCertType = d.psnCertType();
            p.certno = d.certno();
        }
        p.version = d.version();
        p.updatedAt = now();
        p.persist();

        // Accounts are written with plain SQL only, never through the Account entity: an entity UPDATE writes
        // back every column it read, so a status change would overwrite balance/held moved meanwhile.
        if (ledger.find(p.psnNo, "PERSONAL").isEmpty() && InsuredPerson.EMPLOYEE.equals(p.insutype)) {
            db.one("INSERT INTO account (psn_no, kind, admdvs, status, balance, held, opened_at, version) "
                            + "VALUES (?, 'PERSONAL', ?, ?, 0, 0, ?, 1) ON CONFLICT (psn_no, kind) DO NOTHING RETURNING id",
                    rs -> rs.getLong(1), p.psnNo, p.insuplcAdmdvs, p.deathDate == null ? Account.ACTIVE : Account.FROZEN,
                    now()).ifPresent(id -> ledger.accountsChanged(List.of(id)));
        }
        if (p.deathDate != null) {
            // a death freezes the person's money: nothing leaves except to withdrawal (R-WD-1, R-BIND-10)
            freeze(p.psnNo);
        }
        return true;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<InsuredPerson> person(String psnNo) {
        return InsuredPerson.findByIdOptional(psnNo);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Account> account(String psnNo, Account.Kind kind) {
        return Account.of(psnNo, kind);
    }

    /**
     * Freezes the person's ACTIVE accounts: a status-only UPDATE under the ledger's account locks (ascending id,
     * as every money path takes them), so a hold, post or credit in flight is waited for and never overwritten.
     */
    private void freeze(String psnNo) {
        List<Long> ids = new ArrayList<>();
        ledger.find(psnNo, "PERSONAL").ifPresent(a -> ids.add(a.id()));
        ledger.find(psnNo, "WALLET").ifPresent(a -> ids.add(a.id()));
        if (ids.isEmpty()) {
            return;
        }
        ledger.lock(ids);
        List<Long> frozen = new ArrayList<>();
        for (Long id : ids) {
            if (db.update("UPDATE account SET status = 'FROZEN', version = version + 1 WHERE id = ? AND status = 'ACTIVE'",
                    id) == 1) {
                frozen.add(id);
            }
        }
        ledger.accountsChanged(frozen);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
