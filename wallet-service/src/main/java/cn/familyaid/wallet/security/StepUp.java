package cn.familyaid.wallet.security;

import cn.familyaid.wallet.problem.RuleViolation;

import java.time.Instant;
import java.util.Set;

/**
 * R-WAL-3: a transfer needs strong verification of the sender at the moment of transfer — face verification or
 * the 医保码 password ({@code acr} face|pwd), done within the last 5 minutes ({@code auth_time}). A session
 * login alone gets 401 {@code insufficient_user_authentication} (RFC 9470 step-up).
 */
public final class StepUp {
    public static final Set<String> STRONG = Set.of("face", "pwd");
    public static final long MAX_AGE_SECONDS = 300;
    public static final String CODE = "insufficient_user_authentication";

    private StepUp() {
    }

    public static void require(String acr, Long authTime, Instant now) {
        if (acr == null || !STRONG.contains(acr)) {
            throw new Required("the transfer needs face or 医保码 password verification (acr face|pwd)");
        }
        if (authTime == null || now.getEpochSecond() - authTime > MAX_AGE_SECONDS
                || authTime > now.getEpochSecond() + 60) {
            throw new Required("the verification must be less than 5 minutes old");
        }
    }

    /** The refusal: 401 with a {@code WWW-Authenticate} challenge naming what is required. */
    public static class Required extends RuleViolation {
        public Required(String detail) {
            super(401, CODE, "Step-up authentication required", detail);
        }

        public String challenge() {
            return "Bearer error=\"" + CODE + "\", error_description=\"" + getMessage()
                    + "\", acr_values=\"face pwd\", max_age=" + MAX_AGE_SECONDS;
        }
    }
}
