package cn.familyaid.withdrawal.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** End-to-end tests: ledger commands go to the real {@code ledger.commands.withdrawal}, answered by a real wallet-service. */
public class RealLedgerProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mp.messaging.outgoing.ledger.topic", "ledger.commands.withdrawal",
                // the first commands meet a JVM that is still warming up
                "familyaid.ledger.deadline", "10s",
                // RestAssured's socket timeout: siblings on a loaded machine may be slow to answer
                "quarkus.http.test-timeout", "60s");
    }
}
