package cn.familyaid.wallet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Every {@code familyaid.*} setting of wallet-service, in one place (issue 15). Each is set in
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

    /** Holds of the ledger ({@code service/HoldExpirySweep}). */
    Holds holds();

    /** Group commit of SETTLE commands ({@code service/GroupCommit}). */
    Ledger ledger();

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

        /**
         * Answered SETTLE command ids whose deadline ({@code not_after}) passed longer ago than this are deleted (a
         * duration; a copy arriving after its deadline is refused before anything moves). Commands without a
         * deadline are kept.
         */
        @WithDefault("P30D")
        Duration ledgerCommandAfter();

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

    interface RateLimit {
        /** Whether writes (POST, PUT, PATCH, DELETE) are rate-limited per caller (true/false). */
        @WithDefault("false")
        boolean enabled();

        /** Writes a minute one caller may make (a count, per instance); more: 429 {@code RATE_LIMITED}. */
        @WithDefault("600")
        int writesPerMinute();
    }

    interface Holds {
        /** How often holds past their expiry are released (a duration). */
        @WithDefault("1s")
        Duration sweepInterval();
    }

    interface Ledger {
        /**
         * Most SETTLE commands applied in one database transaction when they arrive while every transaction slot is
         * busy (a count; 1: each command in its own transaction).
         */
        @WithDefault("32")
        int groupMax();

        /** SETTLE transactions (groups) executing at once (a count). */
        @WithDefault("2")
        int groupTransactions();
    }
}
