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

/** 每月划入: the platform's monthly credits into a personal account, idempotent by request_id. */
@ApplicationScoped
@Transactional
public class CreditService {

    @Inject
    Db db;

    @Inject
    Ledger ledger;

    public record Credit(String requestId, String psnNo, long amountFen, String period, long transferId,
                         long balanceAfterFen, OffsetDateTime createdAt, boolean replay) {
    }

    public Credit credit(String requestId, String psnNo, long amountFen, String period) {
        String hash = Hashing.of(psnNo, amountFen, period);
        long platform = ledger.systemAccount(Ledger.PLATFORM_CREDITS);
        LedgerAccount account = ledger.find(psnNo, "PERSONAL")
                .orElseThrow(() -> RuleViolation.notFound("personal account of " + psnNo));
        // the personal account's lock serialises credits of one person, so a replay sees the first one
        LedgerAccount a = ledger.lock(List.of(platform, account.id())).get(account.id());
        Optional<Credit> earlier = find(requestId);
        if (earlier.isPresent()) {
            String earlierHash = db.one("SELECT request_hash FROM credit WHERE request_id = ?", rs -> rs.getString(1),
                    requestId).orElseThrow();
            if (!earlierHash.equals(hash)) {
                throw RuleViolation.conflict("IDEMPOTENCY_CONFLICT",
                        "request_id " + requestId + " was used for another credit");
            }
            return earlier.get();
        }
        if ("CLOSED".equals(a.status())) {
            throw RuleViolation.conflict("ACCOUNT_CLOSED", "the personal account of " + psnNo + " is closed");
        }
        long transferId = ledger.transfer(Ledger.Movement.of(platform, a.id(), amountFen, "credit", period, requestId));
        long after = a.balance() + amountFen;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        db.update("INSERT INTO credit (request_id, psn_no, amount_fen, period, request_hash, transfer_id, "
                        + "balance_after_fen, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", requestId, psnNo, amountFen,
                period, hash, transferId, after, now);
        ledger.accountsChanged(List.of(a.id()));
        ledger.posted(List.of(new Ledger.Posted(psnNo, transferId, amountFen)), "credit", period);
        return new Credit(requestId, psnNo, amountFen, period, transferId, after, now, false);
    }

    private Optional<Credit> find(String requestId) {
        return db.one("SELECT request_id, psn_no, amount_fen, period, transfer_id, balance_after_fen, created_at "
                        + "FROM credit WHERE request_id = ?",
                rs -> new Credit(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6), rs.getObject(7, OffsetDateTime.class), true), requestId);
    }
}
