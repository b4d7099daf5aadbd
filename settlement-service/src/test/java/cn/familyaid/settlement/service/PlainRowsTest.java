package cn.familyaid.settlement.service;

import cn.familyaid.settlement.domain.Bill;
import cn.familyaid.settlement.domain.Eligibility;
import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.InsuredPerson;
import cn.familyaid.settlement.domain.Settlement;
import cn.familyaid.settlement.outbox.Outbox;
import cn.familyaid.settlement.outbox.OutboxEvent;
import cn.familyaid.settlement.support.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * The rows the one-shot path writes in plain SQL ({@link SettlementRecorder#insertPlain}, {@link Outbox#publish}) are
 * the rows Hibernate's {@code persist} wrote: every column, compared with a twin the entity wrote in the same
 * transaction, and read back through the entity. Each test runs in one transaction it rolls back, so no row is left
 * for the resolver or the relay.
 */
@QuarkusTest
class PlainRowsTest {
    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    /** Instants as PostgreSQL keeps them: to the microsecond. */
    static final Comparator<OffsetDateTime> SAME_MICROSECOND = (a, b) ->
            Duration.between(a, b).abs().compareTo(Duration.ofNanos(500)) <= 0 ? 0 : a.compareTo(b);

    /** Thrown at the end of a test's transaction to roll it back. */
    private static final class RolledBack extends RuntimeException {
    }

    private static void inRolledBackTransaction(Runnable test) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                test.run();
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            return;
        } catch (QuarkusTransactionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed; // a failed assertion, not a transaction problem
            }
            throw e;
        }
        fail("the test's transaction was not rolled back");
    }

    private Institution institution() {
        Institution inst = new Institution();
        inst.fixmedinsCode = Fixtures.id("HPLAIN");
        em.createNativeQuery("INSERT INTO institution (fixmedins_code, fixmedins_name, fixmedins_type, admdvs, "
                        + "wallet_enabled, designated, updated_by, updated_at) VALUES (?1, 'plain rows', 'HOSPITAL', "
                        + "'320102', false, true, 'test', now())")
                .setParameter(1, inst.fixmedinsCode).executeUpdate();
        return inst;
    }

    private String preSettlement(String fixmedinsCode) {
        String id = "P" + Rows.compactUuid();
        em.createNativeQuery("INSERT INTO pre_settlement (pre_setl_id, fixmedins_code, psn_no, content_hash, status, "
                        + "use_account, medfee_fen, fund_pay_fen, psn_part_fen, created_at) VALUES (?1, ?2, 'P-PLAIN', "
                        + "?3, 'USED', true, 25836, 15830, 10006, now())")
                .setParameter(1, id).setParameter(2, fixmedinsCode).setParameter(3, Bill.sha256(id)).executeUpdate();
        return id;
    }

    /** A one-shot attempt's row as {@code OneShot} builds it, with times that PostgreSQL rounds. */
    private static Settlement oneShot(Institution inst, String medinsSetlId, boolean proxy) {
        Bill bill = new Bill(inst.fixmedinsCode, "P-PLAIN", "02", "320102198001010011", "310", "11", 25836, 15830,
                "1", "320102", proxy ? new Bill.Proxy("李小红", "320102200501010022", "CHILD") : null);
        InsuredPerson p = new InsuredPerson();
        p.psnNo = bill.psnNo();
        p.psnName = "张三";
        Checks.Checked k = new Checks.Checked(inst, p, new Eligibility.Decision(true, !proxy, proxy ? "R-SET-6" : null));
        Settlement s = SettlementRecorder.newSettlement(inst, bill, k, medinsSetlId, null, bill.contentHash());
        s.holdCommand = "{\"type\":\"SETTLE\",\"command_id\":\"" + s.setlId + ":1:settle\",\"amount_fen\":10006}";
        s.createdAt = OffsetDateTime.of(2026, 12, 1, 8, 30, 15, 123_456_500, ZoneOffset.UTC);
        s.attemptStartedAt = OffsetDateTime.of(2026, 12, 1, 8, 30, 15, 999_999_999, ZoneOffset.UTC);
        return s;
    }

    /** Every field set: a reversed settlement that posted a pre-settlement. */
    private Settlement everyField(Institution inst) {
        Settlement s = oneShot(inst, Fixtures.id("M"), true);
        s.preSetlId = preSettlement(inst.fixmedinsCode);
        s.status = Settlement.REVERSED;
        s.attempt = 3;
        s.acctPayFen = 6000;
        s.acctMulaidPayFen = 2500;
        s.wltPayFen = 1000;
        s.psnCashPayFen = 3006;
        s.holdId = "H-" + UUID.randomUUID();
        s.holdState = "REFUNDED";
        s.failureCode = "LEDGER_TIMEOUT";
        s.setlTime = OffsetDateTime.of(2026, 12, 1, 8, 30, 16, 1_000, ZoneOffset.ofHours(8));
        s.setlDate = LocalDate.of(2026, 12, 1);
        s.reversedAt = OffsetDateTime.of(2026, 12, 2, 0, 0, 0, 0, ZoneOffset.UTC);
        s.revsDate = LocalDate.of(2026, 12, 2);
        s.balcFen = 0L;
        return s;
    }

    /** The row's columns other than the ones a twin has its own values of. */
    private String columns(String setlId) {
        return (String) em.createNativeQuery("SELECT (to_jsonb(s) - 'setl_id' - 'medins_setl_id' - 'pre_setl_id')::text "
                + "FROM settlement s WHERE setl_id = ?1").setParameter(1, setlId).getSingleResult();
    }

    private void assertSameRowAsHibernate(Settlement s, String twinPreSetlId) {
        String plainId = s.setlId;
        SettlementRecorder.insertPlain(em, s);
        assertThat(em.contains(s)).as("not managed").isFalse();
        em.clear();
        Settlement back = Settlement.findById(plainId);
        assertThat(back).as("the plain row through the entity").isNotNull();
        assertThat(back).usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*hibernate.*")
                .withComparatorForType(SAME_MICROSECOND, OffsetDateTime.class).isEqualTo(s);
        em.clear();
        // the same values written by the entity, under its own keys
        s.setlId = "S" + Rows.compactUuid();
        s.medinsSetlId = Fixtures.id("M");
        s.preSetlId = twinPreSetlId;
        s.persist();
        em.flush();
        assertThat(columns(plainId)).isEqualTo(columns(s.setlId)).contains("\"attempt_started_at\"")
                .contains("\"failed_refund_fen\": null");
    }

    @Test
    void a_one_shot_row_inserted_in_plain_sql_has_every_column_hibernate_wrote() {
        inRolledBackTransaction(() -> {
            Institution inst = institution();
            assertSameRowAsHibernate(oneShot(inst, Fixtures.id("M"), false), null);
            assertSameRowAsHibernate(oneShot(inst, Fixtures.id("M"), true), null);
            assertSameRowAsHibernate(everyField(inst), preSettlement(inst.fixmedinsCode));
        });
    }

    @Test
    void a_taken_idempotency_key_fails_the_plain_insert_as_a_unique_violation() {
        String key = Fixtures.id("M");
        RuntimeException e = catchThrowableOfType(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    Institution inst = institution();
                    SettlementRecorder.insertPlain(em, oneShot(inst, key, false));
                    SettlementRecorder.insertPlain(em, oneShot(inst, key, false));
                }));
        assertThat(e).as("the second insert of the key fails").isNotNull();
        // what OneShot's catch asks: the general path then replays the settlement of that key
        assertThat(Rows.isUniqueViolation(e)).isTrue();
        boolean uniqueState = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            uniqueState |= t instanceof SQLException sql && "23505".equals(sql.getSQLState());
        }
        assertThat(uniqueState).as("SQLState 23505 in the causes").isTrue();
    }

    @Test
    void an_event_inserted_in_plain_sql_reads_back_through_the_entity_as_written() {
        inRolledBackTransaction(() -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("psn_name", "张**");
            data.put("acct_pay_fen", 12345L);
            UUID id = outbox.publish("plain.rows.test", "P-PLAIN", "plain.rows.tested", 7, data);
            OutboxEvent e = OutboxEvent.findById(id);
            assertThat(e).isNotNull();
            assertThat(e.topic).isEqualTo("plain.rows.test");
            assertThat(e.key).isEqualTo("P-PLAIN");
            assertThat(e.type).isEqualTo("plain.rows.tested");
            assertThat(e.seq).isNotNull();
            assertThat(e.sentAt).isNull();
            assertThat(e.attempts).isZero();
            assertThat(e.lastError).isNull();
            assertThat(e.parkedAt).isNull();
            assertThat(e.traceparent).isNull(); // no span in the test's thread
            Matcher occurred = Pattern.compile("\"occurred_at\":\"([^\"]+)\"").matcher(e.payload);
            assertThat(occurred.find()).isTrue();
            assertThat(e.payload).isEqualTo("{\"event_id\":\"" + id + "\",\"type\":\"plain.rows.tested\","
                    + "\"schema_version\":7,\"occurred_at\":\"" + occurred.group(1) + "\",\"key\":\"P-PLAIN\","
                    + "\"data\":{\"psn_name\":\"张**\",\"acct_pay_fen\":12345}}");
            OffsetDateTime at = OffsetDateTime.parse(occurred.group(1));
            assertThat(at.getOffset()).isEqualTo(ZoneOffset.UTC);
            assertThat(SAME_MICROSECOND.compare(e.createdAt, at)).as("created_at is occurred_at").isZero();

            // the same event written by the entity: the same columns but for its id and seq
            OutboxEvent twin = new OutboxEvent();
            twin.id = UUID.randomUUID();
            twin.topic = e.topic;
            twin.key = e.key;
            twin.type = e.type;
            twin.payload = e.payload;
            twin.createdAt = at;
            twin.traceparent = e.traceparent;
            twin.persist();
            em.flush();
            String q = "SELECT (to_jsonb(o) - 'id' - 'seq')::text FROM outbox_event o WHERE id = ?1";
            assertThat(em.createNativeQuery(q).setParameter(1, id).getSingleResult())
                    .isEqualTo(em.createNativeQuery(q).setParameter(1, twin.id).getSingleResult());
        });
    }
}
