package cn.familyaid.settlement.service;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.domain.Filing;
import cn.familyaid.settlement.domain.ImpersonationAttempt;
import cn.familyaid.settlement.domain.InsuredPerson;
import cn.familyaid.settlement.domain.Suspension;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.rest.Paging;
import cn.familyaid.settlement.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The lists the agencies and institutions work (README, Exposed Endpoints, "Lists"): suspensions (R-SET-3),
 * out-of-region filings (R-SET-6) and impersonation attempts (R-SET-3). An agency lists the rows of the persons
 * insured in its {@code admdvs} scope (or in the narrower {@code admdvs} it asks for), as it creates them; an
 * institution lists only its own impersonation attempts. Oldest first, ties by id; a page is one statement, plus one
 * for the persons' names.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ListService {
    public static final String SUSPENSIONS = "sp";
    public static final String FILINGS = "fi";
    public static final String ATTEMPTS = "ia";

    @Inject
    EntityManager em;

    @Inject
    FamilyAidConfig config;

    /** One page and the cursor of the next one (null: this is the last page). */
    public record Page<T>(List<T> items, String nextCursor) {
    }

    /** A row and the recorded name of its person (null if unknown), for the views to mask. */
    public record Named<T>(T row, String psnName) {
    }

    /** The region range an agency lists; 403 {@code FORBIDDEN_REGION} for a region outside its scope. */
    record Scope(String lo, String hi) {
        static Scope of(Caller caller, String asked) {
            String scope = asked != null ? asked : caller.admdvs();
            if (scope == null) {
                throw RuleViolation.forbidden("FORBIDDEN_REGION", "the token carries no admdvs scope");
            }
            caller.requireScope(scope);
            if (scope.equals("000000")) {
                return new Scope("000000", "999999");
            }
            if (scope.endsWith("0000")) {
                return new Scope(scope.substring(0, 2) + "0000", scope.substring(0, 2) + "9999");
            }
            return new Scope(scope, scope);
        }
    }

    /** R-SET-3: the suspensions of the persons in the agency's scope, by creation; {@code state} filters. */
    public Page<Named<Suspension>> suspensions(Caller caller, String admdvs, String psnNo, Suspension.State state,
                                               Paging.Cursor after, int limit) {
        Scope scope = Scope.of(caller, admdvs);
        Sql q = new Sql("SELECT s.* FROM suspension s JOIN insured_person p ON p.psn_no = s.psn_no"
                + " WHERE p.insuplc_admdvs BETWEEN :lo AND :hi", scope);
        q.andIf(psnNo, "s.psn_no = :psn", "psn");
        if (state != null) {
            q.sql.append(switch (state) {
                case ACTIVE -> " AND s.lifted_at IS NULL AND s.enddate > :today";
                case ENDED -> " AND s.lifted_at IS NULL AND s.enddate <= :today";
                case LIFTED -> " AND s.lifted_at IS NOT NULL";
            });
            if (state != Suspension.State.LIFTED) {
                q.params.put("today", today());
            }
        }
        if (after != null) {
            q.after("s.created_at", "s.suspension_id", after.at(), after.id());
        }
        List<Suspension> rows = q.page("s.created_at, s.suspension_id", limit, Suspension.class);
        return page(rows, limit, s -> s.psnNo, s -> Paging.encode(SUSPENSIONS, s.createdAt, s.suspensionId));
    }

    /** R-SET-6: the filings of the persons in the agency's scope (their insured region), by creation. */
    public Page<Named<Filing>> filings(Caller caller, String admdvs, String psnNo, Paging.Cursor after, int limit) {
        Scope scope = Scope.of(caller, admdvs);
        Sql q = new Sql("SELECT f.* FROM filing f JOIN insured_person p ON p.psn_no = f.psn_no"
                + " WHERE p.insuplc_admdvs BETWEEN :lo AND :hi", scope);
        q.andIf(psnNo, "f.psn_no = :psn", "psn");
        if (after != null) {
            q.after("f.created_at", "f.filing_id", after.at(), after.id());
        }
        List<Filing> rows = q.page("f.created_at, f.filing_id", limit, Filing.class);
        return page(rows, limit, f -> f.psnNo, f -> Paging.encode(FILINGS, f.createdAt, f.filingId));
    }

    /**
     * R-SET-3: impersonation attempts — an institution's own (any patient), or those of the patients in the agency's
     * scope (at any institution), by time.
     */
    public Page<Named<ImpersonationAttempt>> attempts(Caller caller, String admdvs, String fixmedinsCode,
                                                      String psnNo, Paging.Cursor after, int limit) {
        Sql q;
        if (caller.is(Caller.INSTITUTION)) {
            if (admdvs != null) {
                throw RuleViolation.badField("admdvs", "VALIDATION",
                        "is an agency's filter; an institution lists its own attempts");
            }
            String own = caller.fixmedinsCode();
            if (own == null || (fixmedinsCode != null && !fixmedinsCode.equals(own))) {
                throw RuleViolation.forbidden("FORBIDDEN_INSTITUTION", "an institution reads only its own attempts");
            }
            q = new Sql("SELECT a.* FROM impersonation_attempt a WHERE a.fixmedins_code = :code", null);
            q.params.put("code", own);
        } else {
            q = new Sql("SELECT a.* FROM impersonation_attempt a JOIN insured_person p ON p.psn_no = a.psn_no"
                    + " WHERE p.insuplc_admdvs BETWEEN :lo AND :hi", Scope.of(caller, admdvs));
            q.andIf(fixmedinsCode, "a.fixmedins_code = :code", "code");
        }
        q.andIf(psnNo, "a.psn_no = :psn", "psn");
        if (after != null) {
            long id;
            try {
                id = Long.parseLong(after.id());
            } catch (NumberFormatException e) {
                throw Paging.badCursor();
            }
            q.after("a.attempted_at", "a.id", after.at(), id);
        }
        List<ImpersonationAttempt> rows = q.page("a.attempted_at, a.id", limit, ImpersonationAttempt.class);
        return page(rows, limit, a -> a.psnNo, a -> Paging.encode(ATTEMPTS, a.attemptedAt, a.id));
    }

    public LocalDate today() {
        return LocalDate.now(config.settlement().zone());
    }

    /** The rows of a page with their persons' names (one statement), and the next page's cursor. */
    private static <T> Page<Named<T>> page(List<T> rows, int limit, Function<T, String> psnOf,
                                           Function<T, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<T> page = more ? rows.subList(0, limit) : rows;
        Map<String, String> names = page.isEmpty() ? Map.of()
                : InsuredPerson.<InsuredPerson>list("psnNo in ?1", page.stream().map(psnOf).distinct().toList())
                .stream().collect(Collectors.toMap(p -> p.psnNo, p -> p.psnName));
        List<Named<T>> named = page.stream().map(r -> new Named<>(r, names.get(psnOf.apply(r)))).toList();
        return new Page<>(named, more ? cursorOf.apply(page.get(page.size() - 1)) : null);
    }

    /** A list's statement: conditions added only for the filters given, so every parameter has its type. */
    private final class Sql {
        final StringBuilder sql;
        final Map<String, Object> params = new LinkedHashMap<>();

        Sql(String base, Scope scope) {
            sql = new StringBuilder(base);
            if (scope != null) {
                params.put("lo", scope.lo());
                params.put("hi", scope.hi());
            }
        }

        void andIf(String value, String condition, String name) {
            if (value != null) {
                sql.append(" AND ").append(condition);
                params.put(name, value);
            }
        }

        void after(String timeColumn, String idColumn, OffsetDateTime at, Object id) {
            sql.append(" AND (").append(timeColumn).append(", ").append(idColumn).append(") > (:at, :id)");
            params.put("at", at);
            params.put("id", id);
        }

        @SuppressWarnings("unchecked")
        <T> List<T> page(String order, int limit, Class<T> type) {
            sql.append(" ORDER BY ").append(order).append(" LIMIT :n");
            params.put("n", limit + 1);
            Query q = em.createNativeQuery(sql.toString(), type);
            params.forEach(q::setParameter);
            return q.getResultList();
        }
    }
}
