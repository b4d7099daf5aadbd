package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.PreSettlement;
import cn.familyaid.settlement.messaging.LedgerClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * R-SET-2 at one institution: what is open for a patient before money is held again — the pre-settlement a bill
 * matches (to be posted), the other open ones (superseded), and failed attempts whose holds must be released first,
 * or the old holds would keep the own account's money locked and funders would pay instead.
 */
@ApplicationScoped
public class OpenHolds {

    @Inject
    EntityManager em;

    @Inject
    LedgerClient ledger;

    @Inject
    HoldResolver resolver;

    /**
     * What a settlement sent without pre_setl_id must share with an open pre-settlement to post its hold
     * (R-SET-2): the bill's money fields (institution, patient, insurance type, use, amounts, acct_used_flag,
     * place of care) and the eligibility decision the hold was placed under. The credential and the proxy are
     * not part of it: they are checked and recorded again for the settlement itself.
     */
    static String matchHash(Bill bill, Checks.Checked k) {
        StringBuilder b = new StringBuilder();
        for (Object o : new Object[]{bill.fixmedinsCode(), bill.psnNo(), bill.insutype(), bill.medType(),
                bill.medfeeFen(), bill.fundPayFen(), bill.acctUsedFlag(), bill.mdtrtareaAdmvs(),
                k.decision().useAccount(), k.decision().useFamily(), k.decision().accountRefusedBy(), LedgerCalls.walletOk(k)}) {
            b.append(o == null ? "\u0000" : o.toString()).append('\u001f');
        }
        return Bill.sha256(b.toString());
    }

    /** The open pre-settlement a bill matched (or null), and what of the patient's is still to release. */
    record Opened(PreSettlement matched, List<String> unresolvedPres, List<String> unresolvedSettlements) {
    }

    /**
     * R-SET-2, in one transaction: finds the institution's open pre-settlement of the patient that the bill matches
     * ({@code matchHash}, null for none: newest first, not yet taken by a settlement, not about to expire, so its
     * hold can still be posted after a ledger round trip), supersedes the other open ones (all but the match and
     * {@code keep}) that no settlement has taken, and lists the patient's failed pre-settlements and settlements
     * here whose hold is still unresolved (the superseded ones among them).
     */
    Opened supersede(String code, String psnNo, String keep, String matchHash) {
        OffsetDateTime usableUntil = Rows.now().plus(ledger.deadline());
        return QuarkusTransaction.requiringNew().call(() -> {
            PreSettlement matched = null;
            if (matchHash != null) {
                @SuppressWarnings("unchecked")
                List<PreSettlement> found = em.createNativeQuery("SELECT p.* FROM pre_settlement p "
                                + "WHERE p.fixmedins_code = ?1 AND p.psn_no = ?2 AND p.status = 'HELD' AND p.match_hash = ?3 "
                                + "AND p.expires_at > ?4 AND NOT EXISTS (SELECT 1 FROM settlement s "
                                + "WHERE s.pre_setl_id = p.pre_setl_id) ORDER BY p.created_at DESC LIMIT 1",
                                PreSettlement.class)
                        .setParameter(1, code).setParameter(2, psnNo).setParameter(3, matchHash)
                        .setParameter(4, usableUntil).getResultList();
                matched = found.isEmpty() ? null : found.get(0);
                if (matched != null) {
                    em.detach(matched);
                }
            }
            String spare = matched != null ? matched.preSetlId : keep;
            @SuppressWarnings("unchecked")
            List<String> open = em.createNativeQuery("SELECT pre_setl_id FROM pre_settlement WHERE fixmedins_code = ?1 "
                            + "AND psn_no = ?2 AND status = 'HELD' AND pre_setl_id <> ?3 ORDER BY pre_setl_id FOR UPDATE")
                    .setParameter(1, code).setParameter(2, psnNo).setParameter(3, spare == null ? "" : spare)
                    .getResultList();
            for (String id : open) {
                // a new statement after the lock: a settlement that claimed it first is visible here, and one that
                // claims it later waits for this transaction and then finds it FAILED
                em.createNativeQuery("UPDATE pre_settlement SET status = 'FAILED', failure_code = ?2, "
                                + "hold_state = CASE WHEN hold_id IS NULL THEN 'NONE' ELSE 'HELD' END "
                                + "WHERE pre_setl_id = ?1 AND status = 'HELD' "
                                + "AND NOT EXISTS (SELECT 1 FROM settlement s WHERE s.pre_setl_id = ?1)")
                        .setParameter(1, id).setParameter(2, PreSettlement.SUPERSEDED).executeUpdate();
            }
            @SuppressWarnings("unchecked")
            List<String> pres = em.createNativeQuery("SELECT pre_setl_id FROM pre_settlement WHERE fixmedins_code = ?1 "
                            + "AND psn_no = ?2 AND status = 'FAILED' AND hold_state IN ('UNKNOWN', 'HELD')")
                    .setParameter(1, code).setParameter(2, psnNo).getResultList();
            @SuppressWarnings("unchecked")
            List<String> setls = em.createNativeQuery("SELECT setl_id FROM settlement WHERE fixmedins_code = ?1 "
                            + "AND psn_no = ?2 AND status = 'FAILED' AND hold_state IN ('UNKNOWN', 'HELD')")
                    .setParameter(1, code).setParameter(2, psnNo).getResultList();
            return new Opened(matched, pres, setls);
        });
    }

    /**
     * Releases the holds {@link #supersedeOpenPreSettlements} left to release. With {@code mustBeReleased} (money is
     * about to be held afresh) they are voided now, and false means the ledger did not confirm in time: nothing new
     * may be held then, or the old holds would keep the own account's money locked and funders would pay instead.
     * Otherwise the resolver releases them in the background.
     */
    boolean release(Opened o, boolean mustBeReleased) {
        if (!mustBeReleased) {
            o.unresolvedSettlements().forEach(resolver::resolveLater);
            o.unresolvedPres().forEach(resolver::resolvePreLater);
            return true;
        }
        boolean released = true;
        for (String setlId : o.unresolvedSettlements()) {
            released &= resolver.resolveSettlementHold(setlId);
        }
        for (String preId : o.unresolvedPres()) {
            released &= resolver.resolvePreHold(preId);
        }
        return released;
    }

}
