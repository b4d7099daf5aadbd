package cn.familyaid.wallet.service;

import cn.familyaid.wallet.ledger.Db;
import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.messaging.Reply;
import cn.familyaid.wallet.messaging.Reply.Code;
import cn.familyaid.wallet.messaging.Requester;
import cn.familyaid.wallet.config.FamilyAidConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes ledger commands (README "Ledger commands") idempotently: the command id is claimed in the same transaction as
 * the effect, together with a hash of the request and the reply. Same id + same content → the stored reply
 * (refusals included, so a retry can't turn a refusal into a payment); same id + other content →
 * {@code IDEMPOTENCY_CONFLICT}.
 */
// created at start, not at the first command: its group-commit metrics are scraped from the start
@Startup
@ApplicationScoped
public class LedgerCommandService {
    private static final Logger LOG = Logger.getLogger(LedgerCommandService.class);

    /**
     * Lenient reader (consumers ignore unknown fields) and a canonical writer: every object's keys in alphabetical
     * order, for the hash and for the replies (as they have always been written).
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST, false)
            .build();

    @Inject
    Db db;

    @Inject
    LedgerCommandHandlers handlers;

    @Inject
    MeterRegistry meters;

    @Inject
    FamilyAidConfig config;

    /** SETTLE commands that arrive together, applied in one transaction ({@link #settleGroup}). */
    private GroupCommit<Pending, String> group;

    private DistributionSummary groupSizes;

    /** A SETTLE command waiting for its group, with the hash of its request. */
    record Pending(LedgerCommand.Settle command, String hash) {
        /** An in-process command (tests), hashed as {@link #handle(LedgerCommand)} hashes it. */
        static Pending of(LedgerCommand.Settle command) {
            return new Pending(command, LedgerCommandService.hash(JSON.valueToTree(command)));
        }
    }

    @PostConstruct
    void init() {
        group = new GroupCommit<>(config.ledger().groupMax(), config.ledger().groupTransactions(), this::settleGroup);
        groupSizes = DistributionSummary.builder("familyaid.ledger.group.size")
                .description("SETTLE commands applied in one database transaction").register(meters);
        Gauge.builder("familyaid.ledger.group.queued", group, GroupCommit::queued)
                .description("SETTLE commands waiting for a free ledger transaction slot").register(meters);
    }

    /** Attempts of a command whose locks found the world changed between its look-up and its locks. */
    static final int ATTEMPTS = 5;

    /**
     * Thrown by a command that found, once it held its locks, that it had looked up too little before taking them
     * (e.g. a hold placed meanwhile on an account being closed): the transaction rolls back and runs again.
     */
    public static final class Retry extends RuntimeException {
        public Retry(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Handles one command (raw JSON) sent by {@code requester} (the command topic it arrived on) and returns the
     * reply JSON. A command the requester may not send is refused before anything else: its id is not claimed.
     */
    public String handle(Requester requester, String payload) {
        JsonNode tree;
        LedgerCommand command;
        try {
            tree = JSON.readTree(payload);
            command = read(tree);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return write(Reply.refused(null, Code.VALIDATION, "the command is not valid JSON of the contract"));
        }
        if (command == null || command.commandId() == null || command.commandId().isBlank()) {
            return write(Reply.refused(null, Code.VALIDATION, "command_id is required"));
        }
        Optional<String> forbidden = forbidden(requester, command);
        if (forbidden.isPresent()) {
            refused(requester.principal, command.commandId(), command.type(), forbidden.get());
            return write(Reply.refused(command.commandId(), Code.FORBIDDEN_COMMAND, forbidden.get()));
        }
        String hash = hash(tree);
        try {
            if (command instanceof LedgerCommand.Settle settle) {
                return group.submit(new Pending(settle, hash));
            }
            return executeWithRetry(command, hash, requester);
        } catch (RuntimeException e) {
            // rolled back, nothing stored: a retry with the same id executes afresh
            return internal(command, e);
        }
    }

    /** The command of a received JSON tree, read as the record of its {@code type} (null: a JSON null). */
    static LedgerCommand read(JsonNode tree) throws JsonProcessingException {
        JsonNode type = tree.path("type");
        return JSON.treeToValue(tree, LedgerCommand.typeOf(type.isTextual() ? type.textValue() : null));
    }

    /** Why the requester may not send this command, if it may not. */
    static Optional<String> forbidden(Requester requester, LedgerCommand c) {
        // a command journaled before requesters were named (re-sent identically) is its topic's requester's
        if (c.requester() != null && !requester.principal.equals(c.requester())) {
            return Optional.of("the command names requester " + c.requester() + " but came from "
                    + requester.principal);
        }
        if (Requester.known(c.type()) && !requester.maySend(c.type())) {
            return Optional.of(requester.principal + " may not send " + c.type());
        }
        return Optional.empty();
    }

    /** Logs (principal, command id and type only: no personal data) and counts a refused command. */
    public void refused(String principal, String commandId, String type, String reason) {
        LOG.warnf("ledger command %s (%s) from principal %s refused: %s", commandId, type, principal, reason);
        meters.counter("ledger.commands.refused", "principal", principal, "type", String.valueOf(type)).increment();
    }

    /**
     * Handles a typed command in-process (benchmarks, tests) and returns the reply JSON: trusted, no requester is
     * checked, so it is not reachable from outside this JVM.
     */
    public String handle(LedgerCommand command) {
        if (command instanceof LedgerCommand.Settle settle) {
            return group.submit(Pending.of(settle));
        }
        return executeWithRetry(command, hash(JSON.valueToTree(command)), null);
    }

    /**
     * Applies SETTLE commands that arrived together in one transaction (group commit): every lock any of them
     * takes is taken first, in the common order ({@link LedgerCommandHandlers#lockGroup}); then each is settled as
     * it would be alone, its id claimed with its reply. A command id that appears twice in the group is applied
     * once: a copy with the same content gets the same reply, one with other content IDEMPOTENCY_CONFLICT, as if
     * it came after. If anything fails (an id already answered earlier, a world changed under a look-up, a lock
     * error) the whole group rolls back and each command runs again alone, exactly as without group commit.
     */
    List<String> settleGroup(List<Pending> pending) {
        if (pending.size() == 1) {
            groupSizes.record(1);
            return List.of(settleAlone(pending.get(0)));
        }
        Map<String, Pending> first = new LinkedHashMap<>();
        for (Pending p : pending) {
            first.putIfAbsent(p.command().commandId(), p);
        }
        List<Pending> distinct = List.copyOf(first.values());
        Map<String, String> replies;
        try {
            replies = QuarkusTransaction.requiringNew().timeout(30).call(() -> {
                handlers.lockGroup(distinct.stream().map(Pending::command).toList());
                Map<String, String> out = new HashMap<>();
                for (Pending p : distinct) {
                    out.put(p.command().commandId(), settle(p.command(), p.hash()));
                }
                return out;
            });
        } catch (RuntimeException e) {
            // rolled back, nothing stored: one by one, each as if it had come alone
            LOG.debugf("a group of %d SETTLE commands runs again one by one: %s", pending.size(), e.toString());
            meters.counter("familyaid.ledger.group.fallbacks").increment();
            return pending.stream().map(this::settleAlone).toList();
        }
        groupSizes.record(distinct.size());
        List<String> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            Pending applied = first.get(p.command().commandId());
            out.add(applied == p || applied.hash().equals(p.hash()) ? replies.get(p.command().commandId())
                    : conflict(p.command().commandId()));
        }
        return out;
    }

    /** One SETTLE in its own transaction; an error rolls it back and answers INTERNAL (nothing stored). */
    private String settleAlone(Pending p) {
        try {
            return executeWithRetry(p.command(), p.hash(), null);
        } catch (RuntimeException e) {
            return internal(p.command(), e);
        }
    }

    /**
     * A command whose id was claimed by another transaction first (the id is written last, with the reply): this
     * one's effect is rolled back and the stored reply answers.
     */
    static final class Claimed extends RuntimeException {
        Claimed() {
            super(null, null, false, false);
        }
    }

    private String executeWithRetry(LedgerCommand command, String hash, Requester requester) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().timeout(30).call(() -> execute(command, hash, requester));
            } catch (RuntimeException e) {
                if (causedBy(e, Claimed.class)) {
                    return QuarkusTransaction.requiringNew().call(() -> stored(command, hash));
                }
                if (!causedBy(e, Retry.class) || attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("ledger command %s runs again: %s", command.commandId(), e.getMessage());
            }
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The stored reply of a command id, if it was stored for the same request; else IDEMPOTENCY_CONFLICT. */
    private String stored(LedgerCommand c, String hash) {
        Optional<String[]> stored = db.one("SELECT request_hash, reply FROM ledger_command WHERE command_id = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, c.commandId());
        if (stored.isPresent() && stored.get()[0].equals(hash) && stored.get()[1] != null) {
            return stored.get()[1];
        }
        return conflict(c.commandId());
    }

    /** The answer to a command id used before for another command (not stored). */
    private static String conflict(String commandId) {
        return write(Reply.refused(commandId, Code.IDEMPOTENCY_CONFLICT,
                "command_id " + commandId + " was used for another command"));
    }

    /** The answer to a command that failed and was rolled back (not stored: a retry executes afresh). */
    private static String internal(LedgerCommand c, RuntimeException e) {
        LOG.errorf(e, "ledger command %s (%s) failed", c.commandId(), c.type());
        return write(Reply.refused(c.commandId(), Code.INTERNAL, "the command could not be executed"));
    }

    /**
     * SETTLE, the hot path: the effect first, then the command id with its hash and reply in one statement. A
     * duplicate (a re-sent command, a redelivery) racing the first waits on the id's unique key, finds it taken
     * and rolls its own effect back ({@link Claimed}); one arriving later does the same, so it costs a rolled-back
     * transaction instead of a statement on every settlement.
     */
    private String settle(LedgerCommand.Settle c, String hash) {
        Reply r = handlers.settle(c);
        String reply = write(r);
        // the deadline, if valid, is kept so that the id can be purged once it is long past
        OffsetDateTime deadline = c.notAfter() == null ? null : c.notAfter().at();
        if (db.update("INSERT INTO ledger_command (command_id, type, request_hash, reply, not_after) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (command_id) DO NOTHING", c.commandId(), c.type(), hash, reply,
                deadline) == 0) {
            throw new Claimed();
        }
        return reply;
    }

    private String execute(LedgerCommand c, String hash, Requester requester) {
        if (c instanceof LedgerCommand.Settle settle) {
            return settle(settle, hash);
        }
        int claimed = db.update("INSERT INTO ledger_command (command_id, type, request_hash) VALUES (?, ?, ?) "
                + "ON CONFLICT (command_id) DO NOTHING", c.commandId(), String.valueOf(c.type()), hash);
        if (claimed == 0) {
            return stored(c, hash);
        }
        Reply r = dispatch(c, requester == null ? null : requester.holdKind);
        if (requester != null && r instanceof Reply.Refused refusal && refusal.code() == Code.FORBIDDEN_COMMAND) {
            refused(requester.principal, c.commandId(), c.type(), refusal.message());
        }
        String reply = write(r);
        db.update("UPDATE ledger_command SET reply = ? WHERE command_id = ?", reply, c.commandId());
        return reply;
    }

    private Reply dispatch(LedgerCommand c, String holdKind) {
        if (c instanceof LedgerCommand.HoldForPlan hold) {
            return handlers.holdForPlan(hold);
        }
        if (c instanceof LedgerCommand.PostHold post) {
            return handlers.postHold(post);
        }
        if (c instanceof LedgerCommand.VoidHold voidHold) {
            return handlers.voidHold(voidHold, holdKind);
        }
        if (c instanceof LedgerCommand.RefundHold refund) {
            return handlers.refundHold(refund);
        }
        if (c instanceof LedgerCommand.HoldWithdrawal withdrawal) {
            return handlers.holdWithdrawal(withdrawal);
        }
        if (c instanceof LedgerCommand.Payout payout) {
            return handlers.payout(payout);
        }
        return Reply.refused(c.commandId(), Code.VALIDATION,
                "unknown command type " + (c.type() == null ? "" : c.type()));
    }

    static String write(Reply r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(JsonNode tree) {
        try {
            Object canonical = JSON.treeToValue(tree, Object.class);
            byte[] bytes = JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
