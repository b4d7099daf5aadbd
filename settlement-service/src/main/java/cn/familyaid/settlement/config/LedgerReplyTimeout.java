package cn.familyaid.settlement.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

import java.util.NoSuchElementException;

/**
 * The ledger channel's reply timeout is the ledger deadline, one setting: SmallRye's Kafka request-reply awaits a
 * reply for {@code mp.messaging.outgoing.ledger.reply.timeout} (whole milliseconds), and this service gives a
 * ledger command {@code familyaid.ledger.deadline} ({@link FamilyAidConfig.Ledger#deadline}, what a SETTLE carries
 * as {@code not_after}). This interceptor answers the channel attribute with the deadline in milliseconds (as
 * resolved with its profile and environment variable), whatever else is configured under that name. The name is
 * answered when asked for, not listed among the property names: Quarkus's build reads every listed name without
 * expanding expressions, and the deadline's {@code ${LEDGER_DEADLINE:3s}} is no duration before it is expanded.
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
@Priority(Priorities.APPLICATION)
public class LedgerReplyTimeout implements ConfigSourceInterceptor {
    /** The channel attribute SmallRye's Kafka request-reply reads. */
    public static final String REPLY_TIMEOUT = "mp.messaging.outgoing.ledger.reply.timeout";
    /** The mapping's setting it is derived from. */
    public static final String DEADLINE = "familyaid.ledger.deadline";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!REPLY_TIMEOUT.equals(name)) {
            return context.proceed(name);
        }
        ConfigValue deadline = context.restart(DEADLINE);
        if (deadline == null || deadline.getValue() == null) {
            throw new NoSuchElementException(DEADLINE + " is not set: the ledger channel's reply timeout derives from it");
        }
        String ms = Long.toString(DurationConverter.parseDuration(deadline.getValue()).toMillis());
        return deadline.from().withName(REPLY_TIMEOUT).withValue(ms).withRawValue(ms).build();
    }
}
