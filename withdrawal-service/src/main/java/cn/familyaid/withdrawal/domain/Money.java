package cn.familyaid.withdrawal.domain;

import cn.familyaid.withdrawal.problem.RuleViolation;
import org.eclipse.microprofile.config.ConfigProvider;

import java.math.BigDecimal;

/** CNY: integer fen inside, yuan with at most two decimals on the wire. Never floating point. */
public final class Money {
    private Money() {
    }

    private static volatile BigDecimal max;

    /**
     * The business ceiling of one amount on the wire (a credit, a bill, a transfer, a cap, a withdrawal): keeps every
     * sum of fen far from overflowing a long. {@code familyaid.money.max-amount} (MONEY_MAX_AMOUNT), yuan, default
     * 1,000,000.00.
     */
    public static BigDecimal maxAmount() {
        BigDecimal m = max;
        if (m == null) {
            m = ConfigProvider.getConfig()
                    .getOptionalValue("familyaid.money.max-amount", BigDecimal.class)
                    .orElse(new BigDecimal("1000000.00"));
            max = m;
        }
        return m;
    }

    public static BigDecimal toYuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    /** Exact conversion of a wire amount; refuses negatives, more than two decimals and amounts above the ceiling. */
    public static long toFen(BigDecimal yuan, String field) {
        if (yuan == null) {
            throw RuleViolation.badField(field, "VALIDATION", "is required");
        }
        if (yuan.signum() < 0) {
            throw RuleViolation.badField(field, "VALIDATION", "must not be negative");
        }
        if (yuan.stripTrailingZeros().scale() > 2) {
            throw RuleViolation.badField(field, "VALIDATION", "at most two decimal places (yuan)");
        }
        if (yuan.compareTo(maxAmount()) > 0) {
            throw RuleViolation.badField(field, "AMOUNT_TOO_LARGE", "must not exceed " + maxAmount().toPlainString()
                    + " yuan (familyaid.money.max-amount)");
        }
        try {
            return yuan.movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw RuleViolation.badField(field, "VALIDATION", "too large");
        }
    }
}
