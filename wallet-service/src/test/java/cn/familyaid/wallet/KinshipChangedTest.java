package cn.familyaid.wallet;

import cn.familyaid.wallet.messaging.FamilyEventsConsumer;
import cn.familyaid.wallet.support.Family;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** kinship.changed is applied in order: a late older event never revives an ended kinship (R-WAL-2). */
@QuarkusTest
class KinshipChangedTest {

    @Inject
    FamilyEventsConsumer consumer;

    @Inject
    Family family;

    static String event(String occurredAt, String psn, String relative, boolean active, Long version) {
        return """
                {"event_id":"%s","type":"kinship.changed","schema_version":1,"occurred_at":"%s","key":"%s",
                 "data":{"psn_no":"%s","relative_psn_no":"%s","relation":"SPOUSE","active":%s%s}}"""
                .formatted(UUID.randomUUID(), occurredAt, psn, psn, relative, active,
                        version == null ? "" : ",\"version\":" + version);
    }

    Boolean active(String psn, String relative) {
        return family.query("SELECT active FROM kinship WHERE psn_no = ? AND relative_psn_no = ?",
                rs -> rs.getBoolean(1), psn, relative).get(0);
    }

    @Test
    void an_older_kinship_changed_arriving_late_does_not_revive_an_ended_kinship_R_WAL_2() throws Exception {
        String a = Family.newPsn();
        String b = Family.newPsn();
        consumer.kinshipChanged(event("2026-11-20T10:00:00.000001Z", a, b, true, null));
        consumer.kinshipChanged(event("2026-11-22T08:30:00.000002Z", a, b, false, null)); // divorce
        consumer.kinshipChanged(event("2026-11-20T10:00:00.000001Z", a, b, true, null)); // re-sent late
        assertThat(active(a, b)).isFalse();
        consumer.kinshipChanged(event("2026-11-23T09:00:00Z", a, b, true, null)); // a newer change applies
        assertThat(active(a, b)).isTrue();
    }

    @Test
    void a_versioned_kinship_changed_applies_only_newer_versions_R_WAL_2() throws Exception {
        String a = Family.newPsn();
        String b = Family.newPsn();
        consumer.kinshipChanged(event("2026-11-20T10:00:00Z", a, b, true, 1L));
        consumer.kinshipChanged(event("2026-11-20T10:00:01Z", a, b, false, 3L));
        consumer.kinshipChanged(event("2026-11-20T10:00:02Z", a, b, true, 2L)); // an older version, whatever its stamp
        assertThat(active(a, b)).isFalse();
        consumer.kinshipChanged(event("2026-11-20T10:00:03Z", a, b, true, 4L));
        assertThat(active(a, b)).isTrue();
    }
}
