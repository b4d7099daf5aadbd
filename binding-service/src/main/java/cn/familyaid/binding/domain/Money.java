package cn.familyaid.binding.domain;

import cn.familyaid.binding.problem.RuleViolation;

import java.math.BigDecimal;

/** CNY: integer fen inside, yuan with at most two decimals on the wire. Never floating point. */
public final class Money {
    private Money() {
    }

    public static BigDecimal toYuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    /** Exact conversion of a wire amount; refuses negatives, more than two decimals and overflow. */
    public static long toFen(BigDecimal yuan, String field, String code) {
        if (yuan == null) {
            throw RuleViolation.badField(field, code, "is required");
        }
        if (yuan.signum() < 0) {
            throw RuleViolation.badField(field, code, "must not be negative");
        }
        if (yuan.stripTrailingZeros().scale() > 2) {
            throw RuleViolation.badField(field, code, "at most two decimal places (yuan)");
        }
        try {
            return yuan.movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw RuleViolation.badField(field, code, "too large");
        }
    }
}
