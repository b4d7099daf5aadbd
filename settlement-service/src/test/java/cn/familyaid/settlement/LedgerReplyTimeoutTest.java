package cn.familyaid.settlement;

import cn.familyaid.settlement.config.FamilyAidConfig;
import cn.familyaid.settlement.config.LedgerReplyTimeout;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger channel waits for a reply exactly as long as a ledger command's deadline: one setting
 * ({@code familyaid.ledger.deadline}), from which the channel's {@code reply.timeout} is derived.
 */
@QuarkusTest
class LedgerReplyTimeoutTest {
    @Inject
    Config config;

    @Inject
    FamilyAidConfig familyaid;

    @Test
    void the_running_channel_waits_for_a_reply_exactly_the_deadline() {
        long deadlineMs = familyaid.ledger().deadline().toMillis();
        assertThat(config.getValue(LedgerReplyTimeout.REPLY_TIMEOUT, Integer.class).longValue())
                .as("%s against %s", LedgerReplyTimeout.REPLY_TIMEOUT, LedgerReplyTimeout.DEADLINE)
                .isEqualTo(deadlineMs);
        assertThat(deadlineMs).as("the test profile's deadline").isEqualTo(8000);
    }

    @Test
    void the_reply_timeout_follows_the_deadline_and_nothing_else() {
        SmallRyeConfig c = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("test")
                .withInterceptors(new LedgerReplyTimeout())
                .withSources(new PropertiesConfigSource(Map.of(
                        LedgerReplyTimeout.DEADLINE, "${LEDGER_DEADLINE_UNSET:3s}",
                        "%test." + LedgerReplyTimeout.DEADLINE, "2500ms",
                        LedgerReplyTimeout.REPLY_TIMEOUT, "5000"), "test-sources", 100))
                .build();
        assertThat(c.getValue(LedgerReplyTimeout.REPLY_TIMEOUT, Integer.class)).isEqualTo(2500);

        SmallRyeConfig noProfile = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withInterceptors(new LedgerReplyTimeout())
                .withSources(new PropertiesConfigSource(Map.of(
                        LedgerReplyTimeout.DEADLINE, "${LEDGER_DEADLINE_UNSET:3s}"), "test-sources", 100))
                .build();
        assertThat(noProfile.getValue(LedgerReplyTimeout.REPLY_TIMEOUT, Integer.class)).isEqualTo(3000);
    }
}
