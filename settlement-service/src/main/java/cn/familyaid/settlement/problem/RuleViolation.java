package cn.familyaid.settlement.problem;

import java.util.List;

/**
 * A request refused because it breaks a rule; carries the HTTP status and the rule id
 * (e.g. {@code R-BIND-3}) so the caller can trace the refusal to its rule (root README, Rules).
 */
public class RuleViolation extends RuntimeException {
    public final int status;
    public final String code;
    public final String title;
    public final List<Problem.FieldError> errors;

    public RuleViolation(int status, String code, String title, String detail) {
        this(status, code, title, detail, null);
    }

    public RuleViolation(int status, String code, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = errors;
    }

    public static RuleViolation badField(String field, String code, String message) {
        return new RuleViolation(400, code, "Invalid request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static RuleViolation forbidden(String code, String detail) {
        return new RuleViolation(403, code, "Forbidden", detail);
    }

    public static RuleViolation notFound(String what) {
        return new RuleViolation(404, "NOT_FOUND", "Not found", what + " not found");
    }

    public static RuleViolation conflict(String code, String detail) {
        return new RuleViolation(409, code, "Conflict", detail);
    }

    public Problem toProblem() {
        return new Problem("https://family-aid.cn/problems/" + code, title, status, getMessage(), code, errors);
    }
}
