package cn.familyaid.withdrawal.service;

import cn.familyaid.withdrawal.domain.DishonestyEntry;
import cn.familyaid.withdrawal.domain.Evidence;
import cn.familyaid.withdrawal.domain.InsuredPerson;
import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.mapping.WithdrawalView;
import cn.familyaid.withdrawal.problem.RuleViolation;
import cn.familyaid.withdrawal.rest.Paging;
import cn.familyaid.withdrawal.security.Requester;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The lists the agencies work (README, Exposed Endpoints, "Lists"): the applications of the persons in the
 * caller's scope (the review queue, R-WD-7) and the dishonesty list of the caller's scope (R-WD-9). Oldest first,
 * ties by id; a page is read in one statement (plus one for the page's evidence or names).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ListService {
    public static final String WITHDRAWALS = "wd";
    public static final String DISHONESTY = "de";

    @Inject
    EntityManager em;

    /** One page and the cursor of the next one (null: this is the last page). */
    public record Page<T>(List<T> items, String nextCursor) {
    }

    /**
     * The region range an agency lists: its own {@code admdvs} scope, or the narrower {@code admdvs} asked for, which
     * the caller's scope must cover (403 {@code FORBIDDEN_REGION} otherwise, as for a single read).
     */
    record Scope(String lo, String hi) {
        static Scope of(Requester by, String asked) {
            String scope = asked != null ? asked : by.admdvs();
            if (scope == null) {
                throw RuleViolation.forbidden("FORBIDDEN_REGION", "the token carries no admdvs scope");
            }
            if (!by.covers(scope)) {
                throw RuleViolation.forbidden("FORBIDDEN_REGION",
                        "the caller's admdvs scope does not cover region " + scope);
            }
            if (scope.equals("000000")) {
                return new Scope("000000", "999999");
            }
            if (scope.endsWith("0000")) {
                return new Scope(scope.substring(0, 2) + "0000", scope.substring(0, 2) + "9999");
            }
            return new Scope(scope, scope);
        }
    }

    /**
     * R-WD-7: the applications of the persons an agency reviews — whose region (the person's insured place now, as
     * for a single read and a decision) its scope covers — oldest first; masked as GET /withdrawals/{id} masks them
     * for that caller.
     */
    public Page<WithdrawalView> withdrawals(Requester by, String admdvs, Withdrawal.Status status, Paging.Cursor after,
                                            int limit) {
        Scope scope = Scope.of(by, admdvs);
        // the person's region now: every application's person is in the local copy (filing needs them, and persons
        // are never deleted), so regionOf's fallback to the region at filing never applies and the planner may start
        // from the region's persons (insured_person_region, withdrawal_by_person) or walk the order's index
        StringBuilder sql = new StringBuilder("SELECT w.* FROM withdrawal w"
                + " JOIN insured_person p ON p.psn_no = w.psn_no WHERE p.insuplc_admdvs BETWEEN :lo AND :hi");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lo", scope.lo());
        params.put("hi", scope.hi());
        if (status != null) {
            sql.append(" AND w.status = :status");
            params.put("status", status.name());
        }
        if (after != null) {
            UUID id;
            try {
                id = UUID.fromString(after.id());
            } catch (IllegalArgumentException e) {
                throw Paging.badCursor();
            }
            if (!id.toString().equals(after.id())) { // UUID.fromString also takes short forms such as 1-1-1-1-1
                throw Paging.badCursor();
            }
            sql.append(" AND (w.submitted_at, w.id) > (:at, :id)");
            params.put("at", after.at());
            params.put("id", id);
        }
        sql.append(" ORDER BY w.submitted_at, w.id LIMIT :n");
        params.put("n", limit + 1);
        @SuppressWarnings("unchecked")
        List<Withdrawal> rows = bind(em.createNativeQuery(sql.toString(), Withdrawal.class), params).getResultList();
        boolean more = rows.size() > limit;
        List<Withdrawal> page = more ? rows.subList(0, limit) : rows;
        Map<UUID, List<Evidence>> evidence = page.isEmpty() ? Map.of()
                : Evidence.<Evidence>list("withdrawalId in ?1 order by withdrawalId, position",
                        page.stream().map(w -> w.id).toList()).stream()
                .collect(Collectors.groupingBy(e -> e.withdrawalId));
        List<WithdrawalView> views = new ArrayList<>();
        for (Withdrawal w : page) {
            views.add(WithdrawalView.of(w, evidence.getOrDefault(w.id, List.of()), by.isPerson(w.applicantPsnNo)));
        }
        Withdrawal last = more ? page.get(page.size() - 1) : null;
        return new Page<>(views, last == null ? null : Paging.encode(WITHDRAWALS, last.submittedAt, last.id));
    }

    /** An entry of the dishonesty list with the listed person's recorded name (or null), for the view. */
    public record Listed(DishonestyEntry entry, String psnName) {
    }

    /**
     * R-WD-9: the dishonesty list of the caller's scope — the entries listed by the agencies of its regions (the
     * region of the application that was found forged) — oldest first.
     */
    public Page<Listed> dishonestyEntries(Requester by, String admdvs, Paging.Cursor after, int limit) {
        Scope scope = Scope.of(by, admdvs);
        StringBuilder sql = new StringBuilder("SELECT d.* FROM dishonesty_entry d WHERE d.admdvs BETWEEN :lo AND :hi");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lo", scope.lo());
        params.put("hi", scope.hi());
        if (after != null) {
            long id;
            try {
                id = Long.parseLong(after.id());
            } catch (NumberFormatException e) {
                throw Paging.badCursor();
            }
            sql.append(" AND (d.listed_at, d.id) > (:at, :id)");
            params.put("at", after.at());
            params.put("id", id);
        }
        sql.append(" ORDER BY d.listed_at, d.id LIMIT :n");
        params.put("n", limit + 1);
        @SuppressWarnings("unchecked")
        List<DishonestyEntry> rows = bind(em.createNativeQuery(sql.toString(), DishonestyEntry.class), params)
                .getResultList();
        boolean more = rows.size() > limit;
        List<DishonestyEntry> page = more ? rows.subList(0, limit) : rows;
        Map<String, InsuredPerson> persons = page.isEmpty() ? Map.of()
                : InsuredPerson.<InsuredPerson>list("psnNo in ?1", page.stream().map(d -> d.psnNo).distinct().toList())
                .stream().collect(Collectors.toMap(p -> p.psnNo, Function.identity()));
        List<Listed> listed = page.stream().map(d -> new Listed(d,
                persons.containsKey(d.psnNo) ? persons.get(d.psnNo).psnName : null)).toList();
        DishonestyEntry last = more ? page.get(page.size() - 1) : null;
        return new Page<>(listed, last == null ? null : Paging.encode(DISHONESTY, last.listedAt, last.id));
    }

    private static Query bind(Query q, Map<String, Object> params) {
        params.forEach(q::setParameter);
        return q;
    }
}
