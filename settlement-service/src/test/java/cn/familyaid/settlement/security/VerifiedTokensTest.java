package cn.familyaid.settlement.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the verified-token cache with a clock the test moves (plain JUnit): an entry is served until its
 * token's {@code exp} and not from that second on, never longer than max-age after it was stored, expired tokens are
 * not stored, the size is bounded, and the key is the SHA-256 of the whole token.
 */
class VerifiedTokensTest {
    /** Both clocks of the cache, moved together. */
    static final class Time implements Ticker {
        long millis = 1_800_000_000_000L;

        @Override
        public long read() {
            return millis * 1_000_000L;
        }

        void pass(Duration d) {
            millis += d.toMillis();
        }

        long seconds() {
            return millis / 1000;
        }
    }

    final Time time = new Time();

    VerifiedTokens tokens(int maxSize, Duration maxAge) {
        return new VerifiedTokens(maxSize, maxAge, time, () -> time.millis);
    }

    static SecurityIdentity identity(String name) {
        return QuarkusSecurityIdentity.builder().setPrincipal(() -> name).addRole("institution").build();
    }

    @Test
    void an_entry_is_served_until_the_tokens_exp_and_not_from_then_on() {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        SecurityIdentity id = identity("a");
        assertThat(tokens.put("k", id, time.seconds() + 60)).isTrue();

        time.pass(Duration.ofSeconds(59).plusMillis(999));
        assertThat(tokens.get("k")).isSameAs(id);
        time.pass(Duration.ofMillis(1));
        assertThat(tokens.get("k")).as("at exp").isNull();
    }

    @Test
    void an_entry_lives_at_most_max_age_however_far_the_exp() {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        tokens.put("k", identity("a"), time.seconds() + 3600);

        time.pass(Duration.ofMinutes(5).minusMillis(1));
        assertThat(tokens.get("k")).isNotNull();
        time.pass(Duration.ofMillis(1));
        assertThat(tokens.get("k")).as("max-age after it was stored").isNull();
    }

    @Test
    void expired_tokens_and_tokens_without_exp_are_not_stored() {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        assertThat(tokens.put("past", identity("a"), time.seconds() - 1)).isFalse();
        assertThat(tokens.put("now", identity("a"), time.seconds())).isFalse();
        assertThat(tokens.put("none", identity("a"), 0)).isFalse();
        assertThat(tokens.get("past")).isNull();
        assertThat(tokens.get("now")).isNull();
        assertThat(tokens.get("none")).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void the_cache_holds_at_most_max_size_entries() {
        VerifiedTokens tokens = tokens(50, Duration.ofMinutes(5));
        for (int i = 0; i < 500; i++) {
            tokens.put("k" + i, identity("a" + i), time.seconds() + 300);
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(50);
    }

    @Test
    void the_key_is_the_sha256_of_the_whole_token_never_the_token() throws Exception {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpbnN0In0.c2lnbmF0dXJl";
        String expected = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        assertThat(VerifiedTokens.key(token)).isEqualTo(expected).doesNotContain("eyJ");
        assertThat(VerifiedTokens.key(token.substring(0, token.length() - 1) + "f"))
                .as("one character of the signature changed").isNotEqualTo(expected);
    }
}
