package cn.familyaid.settlement.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.security.identity.SecurityIdentity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * The identities of bearer tokens quarkus-oidc has verified, by the SHA-256 of the whole token (the token itself is
 * neither kept as a key nor logged). An entry lives until its token's {@code exp}, never longer, and at most
 * {@code maxAge} after the verification that stored it; at most {@code maxSize} entries (Caffeine evicts the least
 * valuable). Plain Java with its clocks passed in, so the rules are tested without waiting.
 */
public final class VerifiedTokens {
    private record Entry(SecurityIdentity identity, long untilMillis) {
    }

    private final Cache<String, Entry> cache;
    private final Duration maxAge;
    private final LongSupplier epochMillis;

    /**
     * @param ticker      Caffeine's clock for expiry (nanoseconds, monotonic)
     * @param epochMillis the wall clock {@code exp} is compared with
     */
    public VerifiedTokens(int maxSize, Duration maxAge, Ticker ticker, LongSupplier epochMillis) {
        this.maxAge = maxAge;
        this.epochMillis = epochMillis;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfter(Expiry.<String, Entry>writing(
                        (key, entry) -> Duration.ofMillis(Math.max(0, entry.untilMillis() - epochMillis.getAsLong()))))
                .build();
    }

    /** The cache key of a token: Base64 of the SHA-256 of the whole token string. */
    public static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The identity verified for this key, or null when none is stored or its token's {@code exp} has come. */
    public SecurityIdentity get(String key) {
        Entry entry = cache.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        if (epochMillis.getAsLong() >= entry.untilMillis()) {
            cache.invalidate(key);
            return null;
        }
        return entry.identity();
    }

    /**
     * Remembers a verified identity until {@code expSeconds} (the token's {@code exp}, seconds since the epoch), at
     * most {@code maxAge} from now. A token already expired, or without {@code exp} ({@code expSeconds <= 0}), is
     * not stored.
     *
     * @return whether it was stored
     */
    public boolean put(String key, SecurityIdentity identity, long expSeconds) {
        if (expSeconds <= 0) {
            return false;
        }
        long now = epochMillis.getAsLong();
        long until = Math.min(Math.multiplyExact(expSeconds, 1000L), now + maxAge.toMillis());
        if (until <= now) {
            return false;
        }
        cache.put(key, new Entry(identity, until));
        return true;
    }

    /** Entries held now (expired and evicted ones cleaned up first). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
