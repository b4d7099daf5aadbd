package cn.familyaid.wallet.service;

import cn.familyaid.wallet.domain.Account;
import cn.familyaid.wallet.domain.InsuredPerson;
import cn.familyaid.wallet.inbox.Inbox;
import cn.familyaid.wallet.mapping.AccountChanged;
import cn.familyaid.wallet.messaging.PersonChangedEvent;
import cn.familyaid.wallet.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** Opens, freezes and shows accounts as the insured-person registry changes. */
@ApplicationScoped
@Transactional
public class AccountService {

    @Inject
    Inbox inbox;

    @Inject
    Outbox outbox;

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
        p.version = d.version();
        p.updatedAt = now();
        p.persist();

        Optional<Account> existing = Account.of(p.psnNo, Account.Kind.PERSONAL);
        if (existing.isEmpty() && InsuredPerson.EMPLOYEE.equals(p.insutype)) {
            Account a = new Account();
            a.psnNo = p.psnNo;
            a.kind = Account.Kind.PERSONAL;
            a.admdvs = p.insuplcAdmdvs;
            a.status = p.deathDate == null ? Account.ACTIVE : Account.FROZEN;
            a.openedAt = now();
            a.version = 1;
            a.persist();
            changed(a);
        }
        if (p.deathDate != null) {
            // a death freezes the person's money: nothing leaves except to withdrawal (R-WD-1, R-BIND-10)
            for (Account.Kind kind : new Account.Kind[]{Account.Kind.PERSONAL, Account.Kind.WALLET}) {
                Account.of(p.psnNo, kind).filter(a -> Account.ACTIVE.equals(a.status)).ifPresent(a -> {
                    a.status = Account.FROZEN;
                    a.version++;
                    changed(a);
                });
            }
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

    private void changed(Account a) {
        outbox.publish(AccountChanged.TOPIC, a.psnNo, AccountChanged.TYPE, AccountChanged.SCHEMA_VERSION,
                AccountChanged.of(a));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
