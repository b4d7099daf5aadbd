package cn.familyaid.binding.domain;

import cn.familyaid.binding.problem.RuleViolation;

import java.math.BigDecimal;

/**
 * 共济金额 shared amount (R-BIND-6): the funder shares the whole balance ({@code ALL}) or at most a cap
 * ({@code CAP}, fen &gt; 0). The region's retained minimum is applied on top by the ledger.
 */
public record Share(Mode mode, Long capFen) {
    public enum Mode { ALL, CAP }

    public Share {
        if (mode == Mode.ALL && capFen != null) {
            throw new IllegalArgumentException("ALL has no cap");
        }
        if (mode == Mode.CAP && (capFen == null || capFen <= 0)) {
            throw new IllegalArgumentException("CAP needs a positive cap");
        }
    }

    /** Reads the wire form ({@code mode}, {@code cap_amt} in yuan), refusing with R-BIND-6 naming the field. */
    public static Share of(Mode mode, BigDecimal capAmt, String fieldPrefix) {
        if (mode == null) {
            throw RuleViolation.badField(fieldPrefix + "mode", "R-BIND-6", "is required: ALL or CAP");
        }
        if (mode == Mode.ALL) {
            if (capAmt != null) {
                throw RuleViolation.badField(fieldPrefix + "cap_amt", "R-BIND-6", "must be absent when mode is ALL");
            }
            return new Share(Mode.ALL, null);
        }
        if (capAmt == null) {
            throw RuleViolation.badField(fieldPrefix + "cap_amt", "R-BIND-6", "is required when mode is CAP");
        }
        long fen = Money.toFen(capAmt, fieldPrefix + "cap_amt", "R-BIND-6");
        if (fen <= 0) {
            throw RuleViolation.badField(fieldPrefix + "cap_amt", "R-BIND-6", "must be greater than 0");
        }
        return new Share(Mode.CAP, fen);
    }
}
