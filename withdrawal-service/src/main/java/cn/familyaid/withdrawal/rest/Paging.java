package cn.familyaid.withdrawal.rest;

import cn.familyaid.withdrawal.problem.RuleViolation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The query parameters of the lists (README, Exposed Endpoints, "Lists"): {@code limit} 1..200 (default 50, as
 * wallet-service's statement) and an opaque {@code cursor}, the position after the last row of the previous page
 * in the list's order (time, then id). A cursor is only good for the list that returned it.
 */
public final class Paging {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final Pattern ADMDVS = Pattern.compile("\\d{6}");

    private Paging() {
    }

    /** Where a page starts: after the row with this time and id. */
    public record Cursor(OffsetDateTime at, String id) {
    }

    public static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal
        }
        throw RuleViolation.badField("limit", "VALIDATION", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** The position a cursor of list {@code list} stands for; null without a cursor; 400 for anything else. */
    public static Cursor cursor(String list, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|", -1);
            if (parts.length == 4 && parts[0].equals(list) && !parts[3].isEmpty() && parts[3].length() <= 64) {
                Instant at = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                return new Cursor(at.atOffset(ZoneOffset.UTC), parts[3]);
            }
        } catch (RuntimeException e) {
            // not base64, not numbers, out of range: all the same to the caller
        }
        throw badCursor();
    }

    public static RuleViolation badCursor() {
        return RuleViolation.badField("cursor", "VALIDATION", "is not a cursor returned by this list");
    }

    public static String encode(String list, OffsetDateTime at, Object id) {
        Instant i = at.toInstant();
        String text = list + "|" + i.getEpochSecond() + "|" + i.getNano() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code admdvs} filter: absent, or six digits. */
    public static String admdvs(String raw) {
        if (raw == null) {
            return null;
        }
        if (!ADMDVS.matcher(raw).matches()) {
            throw RuleViolation.badField("admdvs", "VALIDATION", "must be a 6-digit admdvs");
        }
        return raw;
    }
}
