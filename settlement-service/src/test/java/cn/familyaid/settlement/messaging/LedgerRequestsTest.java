package cn.familyaid.settlement.messaging;

import cn.familyaid.settlement.support.Api;
import cn.familyaid.settlement.support.Fixtures;
import cn.familyaid.settlement.support.Fixtures.Person;
import cn.familyaid.settlement.support.Ledger;
import cn.familyaid.settlement.support.SlowAcks;
import cn.familyaid.settlement.support.WalletJar;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static cn.familyaid.settlement.support.Fixtures.bill;
import static cn.familyaid.settlement.support.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reply of a ledger command is taken even when it arrives before the broker's acknowledgement of the command has
 * reached this service ({@link LedgerRequests}): every acknowledgement of the ledger channel is held back by
 * {@link SlowAcks#DELAY_MS}, longer than the real ledger (wallet-service's jar) takes to answer. A request-reply that
 * registers the reply only after the acknowledgement (SmallRye's {@code KafkaRequestReply} 4.33) drops each of these
 * replies and answers 503 after the whole deadline.
 */
@QuarkusTest
@TestProfile(SlowAcks.Profile.class)
class LedgerRequestsTest {
    static final String NANJING = "320102";

    @Inject
    LedgerClient ledger;

    @BeforeAll
    static void theRealLedger() {
        Api.exactAmounts();
        assertTrue(WalletJar.answersLedgerCommands(), "wallet-service's jar is needed: ./mvnw -B -q package -DskipTests -pl wallet-service");
    }

    @Test
    void a_reply_that_comes_before_the_commands_acknowledgement_settles_at_once() {
        Person patient = Fixtures.person("310", NANJING);
        Ledger.awaitAccount(patient.psnNo());
        Ledger.credit(patient.psnNo(), NANJING, "100.00");
        String code = Fixtures.institution("HOSPITAL", NANJING, false);
        Duration deadline = ledger.deadline();
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            Fixtures.settle(code, with(bill(code, patient, NANJING, "10.00", "0", "1"), "medins_setl_id",
                            Fixtures.id("M")))
                    .then().statusCode(201)
                    .body("status", equalTo("COMPLETED"))
                    .body("acct_pay", equalTo(new BigDecimal("10.00")));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).as("settlement %d answered within the ledger deadline", i).isLessThan(deadline);
        }
        assertThat(Ledger.balc(patient.psnNo())).isEqualByComparingTo("70.00");
    }
}
