package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.Split;
import cn.familyaid.settlement.messaging.LedgerClient;
import cn.familyaid.settlement.messaging.LedgerReply;
import cn.familyaid.settlement.problem.RuleViolation;

import java.util.List;

/**
 * What the settlement services put into a ledger command and make of its answer: the institution as the ledger
 * sees it, whether the wallet may pay (R-WAL-4), the legs and cash of a reply, and what the counter is told when the
 * ledger refuses or does not answer.
 */
final class LedgerCalls {
    private LedgerCalls() {
    }

    /**
     * The wallet may pay only at wallet-enabled institutions of the holder's insured place (R-WAL-4);
     * the ledger also checks the wallet's own region.
     */
    static boolean walletOk(Checks.Checked k) {
        return k.institution().walletEnabled
                && (k.person() == null || k.institution().admdvs.equals(k.person().insuplcAdmdvs));
    }

    static LedgerClient.InstitutionRef ref(Institution i) {
        return new LedgerClient.InstitutionRef(i.fixmedinsCode, i.fixmedinsType.name(), i.admdvs, i.walletEnabled);
    }

    static List<Split.Leg> legs(String patient, List<LedgerReply.Leg> legs) {
        return legs.stream().map(l -> new Split.Leg(l.legNo(), l.psnNo(), l.psnName(),
                Split.relationOf(patient, l.psnNo(), l.relation()), l.source(), l.amountFen())).toList();
    }

    static long cashOf(LedgerReply r, long psnPartFen) {
        if (r.cashFen() != null) {
            return r.cashFen();
        }
        return psnPartFen - r.legsOrEmpty().stream().mapToLong(LedgerReply.Leg::amountFen).sum();
    }

    static RuleViolation unavailable() {
        return new RuleViolation(503, "LEDGER_UNAVAILABLE", "Service unavailable",
                "the ledger did not answer in time; nothing was charged. Retry with the same medins_setl_id");
    }

    static RuleViolation refused(LedgerReply r) {
        String code = r.code() == null ? "LEDGER_REFUSED" : r.code();
        return new RuleViolation(409, code, "Conflict", "the ledger refused: " + (r.message() == null ? code : r.message()));
    }
}
