package cn.familyaid.wallet.support;

import cn.familyaid.wallet.ledger.Db;
import cn.familyaid.wallet.ledger.Ledger;
import cn.familyaid.wallet.ledger.LedgerAccount;
import cn.familyaid.wallet.messaging.BindingChangedEvent;
import cn.familyaid.wallet.messaging.KinshipChangedEvent;
import cn.familyaid.wallet.messaging.PersonChangedEvent;
import cn.familyaid.wallet.service.AccountService;
import cn.familyaid.wallet.service.CreditService;
import cn.familyaid.wallet.service.FamilyService;
import cn.familyaid.wallet.service.WalletService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Test fixture: persons, credits, wallets, kinship and funding plans, applied as the consumers would. */
@ApplicationScoped
public class Family {
    @Inject
    AccountService accounts;
    @Inject
    CreditService credits;
    @Inject
    FamilyService family;
    @Inject
    WalletService wallets;
    @Inject
    Ledger ledger;
    @Inject
    Db db;

    public static String newPsn() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public String person(String name, String insutype, String admdvs) {
        String psn = newPsn();
        QuarkusTransaction.requiringNew().run(() -> accounts.onPersonChanged(UUID.randomUUID(),
                new PersonChangedEvent.Data(psn, name, insutype, "1", admdvs, null, 1)));
        return psn;
    }

    public void dies(String psn) {
        QuarkusTransaction.requiringNew().run(() -> {
            var p = accounts.person(psn).orElseThrow();
            accounts.onPersonChanged(UUID.randomUUID(), new PersonChangedEvent.Data(psn, p.psnName, p.insutype, "1",
                    p.insuplcAdmdvs, LocalDate.of(2026, 11, 1), p.version + 1));
        });
    }

    /** person.changed with psn_insu_stas 2 (lapse of contributions). */
    public void pauses(String psn) {
        QuarkusTransaction.requiringNew().run(() -> {
            var p = accounts.person(psn).orElseThrow();
            accounts.onPersonChanged(UUID.randomUUID(), new PersonChangedEvent.Data(psn, p.psnName, p.insutype, "2",
                    p.insuplcAdmdvs, null, p.version + 1));
        });
    }

    public void credit(String psn, long fen) {
        credits.credit(UUID.randomUUID().toString(), psn, fen, "2026-11");
    }

    public void openRegion(String admdvs) {
        wallets.setRegion(admdvs, true, "test");
    }

    public void wallet(String psn, String admdvs) {
        openRegion(admdvs);
        wallets.activate(psn, admdvs, "13800138000");
    }

    /** Moves money into a wallet straight from the platform account (fixture only). */
    public void fundWallet(String psn, long fen) {
        QuarkusTransaction.requiringNew().run(() -> {
            long platform = ledger.systemAccount(Ledger.PLATFORM_CREDITS);
            long w = ledger.find(psn, "WALLET").orElseThrow().id();
            ledger.lock(List.of(platform, w));
            ledger.transfer(Ledger.Movement.of(platform, w, fen, "credit", "fixture", UUID.randomUUID().toString()));
        });
    }

    public void kin(String psn, String relative, String relation) {
        QuarkusTransaction.requiringNew().run(() -> family.onKinshipChanged(UUID.randomUUID(),
                new KinshipChangedEvent.Data(psn, relative, relation, true)));
    }

    public void plan(String beneficiary, long version, BindingChangedEvent.Funder... funders) {
        QuarkusTransaction.requiringNew().run(() -> family.onBindingChanged(UUID.randomUUID(),
                new BindingChangedEvent.Data(beneficiary, version, List.of(funders))));
    }

    public static BindingChangedEvent.Funder all(String funder, String relation, long retainedMinFen, int order) {
        return new BindingChangedEvent.Funder("B-" + UUID.randomUUID(), funder, relation, "ALL", null, retainedMinFen,
                order);
    }

    public static BindingChangedEvent.Funder cap(String funder, String relation, long capFen, long retainedMinFen,
                                                 int order) {
        return new BindingChangedEvent.Funder("B-" + UUID.randomUUID(), funder, relation, "CAP", capFen,
                retainedMinFen, order);
    }

    public LedgerAccount account(String psn, String kind) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.find(psn, kind).orElseThrow());
    }

    public long balance(String psn, String kind) {
        return account(psn, kind).balance();
    }

    public long held(String psn, String kind) {
        return account(psn, kind).held();
    }

    public <T> List<T> query(String sql, Db.Row<T> row, Object... args) {
        return QuarkusTransaction.requiringNew().call(() -> db.list(sql, row, args));
    }
}
