package cn.familyaid.settlement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Every {@code familyaid.*} setting of settlement-service, in one place (issue 15). Each is set in
 * {@code application.properties} as {@code familyaid.x.y=${ENV_NAME:default}}, so one environment variable sets it;
 * the README's Configuration table lists them all (ConfigurationTableTest keeps the three in step). Durations take
 * {@code 20ms}, {@code 10m} or ISO-8601 ({@code P7D}). Quarkus validates the whole mapping at start: a setting
 * under {@code familyaid.} that is not here, or a value that does not convert, stops the service.
 * <p>
 * Settings read by annotation expressions ({@code @Scheduled(every = "${familyaid...}")}) are declared here too,
 * so they are converted and checked like the rest.
 */
@ConfigMapping(prefix = "familyaid")
public interface FamilyAidConfig {

    /** The outbox relay ({@code outbox/OutboxRelay}). */
    Outbox outbox();

    /** Deleting old outbox and inbox rows ({@code outbox/Purge}). */
    Purge purge();

    /** Business metrics ({@code metrics/}). */
    Metrics metrics();

    /** The edge of the HTTP server ({@code rest/EdgeGuard}). */
    Http http();

    /** Amounts on the wire ({@code domain/Money}). */
    Money money();

    /** The per-caller rate limit on writes ({@code rest/RateLimit}). */
    RateLimit rateLimit();

    /** Ledger commands to wallet-service ({@code messaging/LedgerClient}). */
    Ledger ledger();

    /** Settlement and pre-settlement ({@code service/}). */
    Settlement settlement();

    /** The hold resolver ({@code service/HoldResolver}). */
    Resolver resolver();

    /** Bearer tokens verified once per token lifetime ({@code security/BearerTokenCache}). */
    TokenCache tokenCache();

    interface Outbox {
        /**
         * How often the relay drains unsent outbox rows when no commit woke it (a duration; the Quarkus scheduler
         * runs periods under one second every second).
         */
        @WithDefault("1s")
        Duration interval();

        /**
         * How long a relay wake-up after a commit waits before it drains (a duration), so the events of commits
         * close together leave in one batch.
         */
        @WithDefault("20ms")
        Duration linger();
    }

    interface Purge {
        /** Sent outbox rows older than this are deleted (a duration; never unsent or parked rows). */
        @WithDefault("P7D")
        Duration outboxAfter();

        /**
         * Inbox rows processed longer ago than this are deleted (a duration; past the topics' redelivery horizon,
         * so an event old enough to be forgotten cannot arrive again).
         */
        @WithDefault("P14D")
        Duration inboxAfter();

        /** How often the purge runs (a duration). */
        @WithDefault("10m")
        Duration interval();

        /** Rows deleted per transaction (a count). */
        @WithDefault("5000")
        int batch();
    }

    interface Metrics {
        /** How often the outbox gauges (backlog, oldest age, parked) are read from the database (a duration). */
        @WithDefault("15s")
        Duration outboxInterval();
    }

    interface Http {
        /** Longest request line (method, URI, version) in bytes; longer: 414 {@code URI_TOO_LONG}. */
        @WithDefault("4096")
        int maxRequestLine();

        /** Largest sum of the request headers in bytes; larger: 431 {@code HEADERS_TOO_LARGE}. */
        @WithDefault("16384")
        int maxHeaderBytes();

        /** Largest declared request body ({@code Content-Length}) in bytes; larger: 413 {@code PAYLOAD_TOO_LARGE}. */
        @WithDefault("1048576")
        long maxBodyBytes();
    }

    interface Money {
        /** The ceiling of one amount on the wire, in yuan; above it: 400 {@code AMOUNT_TOO_LARGE} naming the field. */
        @WithDefault("1000000.00")
        BigDecimal maxAmount();
    }

    interface TokenCache {
        /**
         * Whether a bearer token quarkus-oidc has verified is remembered (by its SHA-256) until its {@code exp}, so
         * the same token is not verified again on every request (true/false; false: every request is verified).
         */
        @WithDefault("true")
        boolean enabled();

        /** The longest a verified token is remembered (a duration), however far its {@code exp} is. */
        @WithDefault("5m")
        Duration maxAge();

        /** Verified tokens remembered at most (a count, per instance); past it the least used are dropped. */
        @WithDefault("10000")
        int maxSize();
    }

    interface RateLimit {
        /** Whether writes (POST, PUT, PATCH, DELETE) are rate-limited per caller (true/false). */
        @WithDefault("false")
        boolean enabled();

        /** Writes a minute one caller may make (a count, per instance); more: 429 {@code RATE_LIMITED}. */
        @WithDefault("600")
        int writesPerMinute();
    }

    interface Ledger {
        /**
         * The deadline of every ledger command (a duration): its reply is awaited this long, and a SETTLE command
         * carries {@code now + deadline} as its {@code not_after}, after which the ledger refuses it.
         */
        @WithDefault("3s")
        Duration deadline();
    }

    interface Settlement {
        /** How long the hold of a pre-settlement lives, in seconds. */
        @WithDefault("900")
        int preHoldSeconds();

        /** The time zone of settlement, reversal, suspension and reconciliation days (a zone id). */
        @WithDefault("Asia/Shanghai")
        ZoneId zone();
    }

    interface Resolver {
        /**
         * How often the resolver voids or refunds the holds of failed settlements and finishes late reversals (a
         * duration).
         */
        @WithDefault("5s")
        Duration interval();

        /**
         * Settlements and pre-settlements still PENDING this long after they started are given up as
         * {@code ABANDONED} and their holds released (a duration).
         */
        @WithDefault("30s")
        Duration staleAfter();
    }
}
