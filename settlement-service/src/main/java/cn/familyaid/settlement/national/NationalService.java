package cn.familyaid.settlement.national;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Money;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.mapping.PreSettlementView;
import cn.familyaid.settlement.mapping.SettlementView;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.PreSettlementService;
import cn.familyaid.settlement.service.ReversalService;
import cn.familyaid.settlement.service.SettlementOutcome;
import cn.familyaid.settlement.service.SettlementService;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The national transactions (infno) mapped onto this service's own operations: the same checks, the same ledger
 * commands and the same records as the REST API, so a settlement is the same whichever door it came through.
 * Each method returns the {@code output} node; a refusal is a {@link RuleViolation} (the resource answers it as
 * {@code infcode -1}).
 */
@ApplicationScoped
public class NationalService {
    /** What 2601 may reverse here: the settlements family-aid makes. */
    static final Set<String> REVERSIBLE = Set.of("2207", "2102");

    @Inject
    SettlementService settlements;

    @Inject
    ReversalService reversals;

    @Inject
    PreSettlementService preSettlements;

    @Inject
    EntityManager em;

    @Inject
    FamilyAidConfig config;

    public record Envelope(String infno, String msgid, String fixmedinsCode, String mdtrtareaAdmvs, JsonNode input) {
    }

    public Map<String, Object> handle(Caller caller, Envelope e) {
        return switch (e.infno()) {
            case "9001" -> signIn();
            case "2201" -> register(e);
            case "2206" -> preSettle(caller, e, node(e, "data"));
            case "2101" -> preSettle(caller, e, node(e, "druginfo"));
            case "2207" -> settle(caller, e, node(e, "data"));
            case "2102" -> settle(caller, e, node(e, "druginfo"));
            case "2208", "2103" -> reverse(caller, node(e, "data"));
            case "2601" -> reverseByMessage(caller, e, node(e, "data"));
            case "3201" -> totals(e, node(e, "data"));
            default -> throw RuleViolation.conflict("UNSUPPORTED_INFNO", "交易 " + e.infno() + " 不由本系统办理");
        };
    }

    private static JsonNode node(Envelope e, String name) {
        JsonNode n = e.input().get(name);
        if (n == null || !n.isObject()) {
            throw RuleViolation.badField("input." + name, "VALIDATION", "infno " + e.infno() + " needs input." + name);
        }
        return n;
    }

    /** 9001: a sign-in number for the operator's session (not checked afterwards: the bearer token authenticates). */
    private Map<String, Object> signIn() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("signinoutb", Map.of("sign_no", "SN" + compact(), "sign_time",
                OffsetDateTime.now(config.settlement().zone()).format(NationalMapping.TIME)));
        return out;
    }

    /** 2201: a visit number; it is echoed in the settlement answers, not kept (family-aid holds no visit record). */
    private Map<String, Object> register(Envelope e) {
        JsonNode data = node(e, "data");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mdtrt_id", "MT" + compact().substring(0, 28));
        d.put("psn_no", NationalMapping.text(data, "psn_no", true));
        d.put("ipt_otp_no", NationalMapping.text(data, "ipt_otp_no", false));
        return Map.of("data", d);
    }

    private Map<String, Object> preSettle(Caller caller, Envelope e, JsonNode in) {
        Bill bill = NationalMapping.bill(e.fixmedinsCode(), e.mdtrtareaAdmvs(), in);
        PreSettlementView v = preSettlements.preSettle(caller, bill);
        return NationalMapping.preSettlement(v, in, mdtrtId(in, v.preSetlId()));
    }

    /**
     * 2207 / 2102: the settlement keyed by the envelope's msgid (its medins_setl_id). A msgid that 2601 revoked is
     * refused before anything is charged; one revoked while it was being settled is reversed right after.
     */
    private Map<String, Object> settle(Caller caller, Envelope e, JsonNode in) {
        Bill bill = NationalMapping.bill(e.fixmedinsCode(), e.mdtrtareaAdmvs(), in);
        if (revoked(e.fixmedinsCode(), e.msgid())) {
            throw revokedRefusal(e.msgid());
        }
        SettlementOutcome o = settlements.settle(caller, bill, e.msgid(), null);
        if (revoked(e.fixmedinsCode(), e.msgid())) {
            reversals.reverse(caller, o.view().setlId());
            throw revokedRefusal(e.msgid());
        }
        return NationalMapping.settlement(o.view(), in, mdtrtId(in, o.view().setlId()), false,
                config.settlement().zone());
    }

    private static RuleViolation revokedRefusal(String msgid) {
        return RuleViolation.conflict("R-SET-7", "msgid " + msgid + " 已由 2601 冲正，不再结算；请以新的 msgid 重新结算");
    }

    /** 2208 / 2103: reversal by setl_id (R-SET-7: only the settling institution; refunded exactly once). */
    private Map<String, Object> reverse(Caller caller, JsonNode data) {
        String setlId = NationalMapping.matching(data, "setl_id", ".{1,40}", "must be at most 40 characters");
        SettlementView v = reversals.reverse(caller, setlId);
        return NationalMapping.settlement(v, null, NationalMapping.text(data, "mdtrt_id", false), true,
                config.settlement().zone());
    }

    /**
     * 2601: reversal of the settlement an earlier message (omsgid) made, for HIS code that lost that answer. The
     * revocation is recorded first and stays: if omsgid never arrived, or arrives later, its 2207/2102 is refused;
     * if it settled (or is settling), it is reversed. One outcome per msgid, however the two race.
     */
    private Map<String, Object> reverseByMessage(Caller caller, Envelope e, JsonNode data) {
        String psnNo = NationalMapping.matching(data, "psn_no", ".{1,30}", "must be at most 30 characters");
        String omsgid = NationalMapping.matching(data, "omsgid", ".{1,30}", "must be at most 30 characters");
        String oinfno = NationalMapping.text(data, "oinfno", true);
        if (!REVERSIBLE.contains(oinfno)) {
            throw RuleViolation.badField("oinfno", "VALIDATION", "2601 here reverses 2207 or 2102");
        }
        if (!caller.is(Caller.INSTITUTION) || !e.fixmedinsCode().equals(caller.fixmedinsCode())) {
            throw RuleViolation.forbidden("R-SET-7", "only the institution that settled may reverse");
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("INSERT INTO national_revocation "
                        + "(fixmedins_code, msgid, oinfno, psn_no, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter(1, e.fixmedinsCode()).setParameter(2, omsgid).setParameter(3, oinfno)
                .setParameter(4, psnNo).setParameter(5, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate());
        Settlement s = awaitSettled(e.fixmedinsCode(), omsgid);
        Map<String, Object> out = new LinkedHashMap<>();
        if (s == null || Settlement.FAILED.equals(s.status)) {
            out.put("data", Map.of("omsgid", omsgid, "result", "未结算；该 msgid 以后也不会结算"));
            return out;
        }
        if (!s.psnNo.equals(psnNo)) {
            throw RuleViolation.badField("psn_no", "VALIDATION", "is not the patient of omsgid " + omsgid);
        }
        SettlementView v = reversals.reverse(caller, s.setlId);
        return NationalMapping.settlement(v, null, null, true, config.settlement().zone());
    }

    /** The settlement of a key once no request is driving it any more (PENDING waits, as a duplicate would). */
    private Settlement awaitSettled(String code, String medinsSetlId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Settlement s = QuarkusTransaction.requiringNew().call(
                    () -> Settlement.byMedinsSetlId(code, medinsSetlId).orElse(null));
            if (s == null || !Settlement.PENDING.equals(s.status) || System.nanoTime() > deadline) {
                return s;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return s;
            }
        }
    }

    boolean revoked(String code, String msgid) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(
                        "SELECT 1 FROM national_revocation WHERE fixmedins_code = ?1 AND msgid = ?2")
                .setParameter(1, code).setParameter(2, msgid).getResultList().isEmpty());
    }

    /**
     * 3201 (对总账, R-SET-8): the institution's totals for the period against family-aid's, by insurance type. With
     * {@code refd_setl_flag} "0" the totals are of settlements only; otherwise (the default) reversals in the period
     * are netted out. stmt_rslt 0 balanced; 1 family-aid has more, 2 the institution has more, 3 the fields
     * disagree in both directions; stmt_rslt_dscr names each difference.
     */
    private Map<String, Object> totals(Envelope e, JsonNode data) {
        String insutype = NationalMapping.text(data, "insutype", true);
        LocalDate from = date(data, "stmt_begndate");
        LocalDate to = date(data, "stmt_enddate");
        if (to.isBefore(from)) {
            throw RuleViolation.badField("stmt_enddate", "VALIDATION", "must not be before stmt_begndate");
        }
        boolean net = !"0".equals(NationalMapping.text(data, "refd_setl_flag", false));
        BigDecimal medfee = NationalMapping.amount(data, "medfee_sumamt", null);
        BigDecimal fund = NationalMapping.amount(data, "fund_pay_sumamt", null);
        BigDecimal acct = NationalMapping.amount(data, "acct_pay", null);
        String cnt = NationalMapping.text(data, "fixmedins_setl_cnt", true);
        long count;
        try {
            count = Long.parseLong(cnt);
        } catch (NumberFormatException ex) {
            throw RuleViolation.badField("fixmedins_setl_cnt", "VALIDATION", "must be a whole number");
        }
        long[] ours = QuarkusTransaction.requiringNew().call(() -> {
            long[] settled = sums(e.fixmedinsCode(), insutype, "setl_date",
                    "status IN ('COMPLETED', 'REVERSING', 'REVERSED')", from, to);
            long[] reversed = net ? sums(e.fixmedinsCode(), insutype, "revs_date", "status = 'REVERSED'", from, to)
                    : new long[4];
            return new long[]{settled[0] - reversed[0], settled[1] - reversed[1], settled[2] - reversed[2],
                    settled[3] - reversed[3]};
        });
        List<String> differences = new ArrayList<>();
        int more = 0;
        int less = 0;
        String[] names = {"fixmedins_setl_cnt", "medfee_sumamt", "fund_pay_sumamt", "acct_pay"};
        long[] theirs = {count, Money.toFen(medfee, "medfee_sumamt"), Money.toFen(fund, "fund_pay_sumamt"),
                Money.toFen(acct, "acct_pay")};
        for (int i = 0; i < names.length; i++) {
            if (ours[i] == theirs[i]) {
                continue;
            }
            if (ours[i] > theirs[i]) {
                more++;
            } else {
                less++;
            }
            String o = i == 0 ? Long.toString(ours[i]) : Money.toYuan(ours[i]).toPlainString();
            String t = i == 0 ? Long.toString(theirs[i]) : Money.toYuan(theirs[i]).toPlainString();
            String d = i == 0 ? Long.toString(ours[i] - theirs[i]) : Money.toYuan(ours[i] - theirs[i]).toPlainString();
            differences.add(names[i] + ": family-aid " + o + "，机构 " + t + "，差额 " + d);
        }
        String result = differences.isEmpty() ? "0" : less == 0 ? "1" : more == 0 ? "2" : "3";
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("setl_optins", NationalMapping.text(data, "setl_optins", false));
        info.put("stmt_rslt", result);
        info.put("stmt_rslt_dscr", differences.isEmpty() ? "平衡" : String.join("；", differences));
        return Map.of("stmtinfo", info);
    }

    /** count, medfee, fund_pay, account money (own + family + wallet) in fen. */
    private long[] sums(String code, String insutype, String dateColumn, String status, LocalDate from, LocalDate to) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT count(*), coalesce(sum(medfee_fen), 0), "
                        + "coalesce(sum(fund_pay_fen), 0), coalesce(sum(acct_pay_fen + wlt_pay_fen), 0) FROM settlement "
                        + "WHERE fixmedins_code = ?1 AND insutype = ?2 AND " + status + " AND " + dateColumn
                        + " BETWEEN ?3 AND ?4")
                .setParameter(1, code).setParameter(2, insutype).setParameter(3, from).setParameter(4, to)
                .getSingleResult();
        return new long[]{((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue()};
    }

    private static LocalDate date(JsonNode data, String field) {
        String s = NationalMapping.text(data, field, true);
        try {
            return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        } catch (DateTimeParseException ex) {
            throw RuleViolation.badField(field, "VALIDATION", "must be a date yyyy-MM-dd");
        }
    }

    /** The visit number: the input's mdtrt_id when the HIS sent one (clinic flow), else family-aid's id. */
    private static String mdtrtId(JsonNode in, String fallback) {
        String m = NationalMapping.text(in, "mdtrt_id", false);
        return m != null ? m : fallback;
    }

    private static String compact() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
