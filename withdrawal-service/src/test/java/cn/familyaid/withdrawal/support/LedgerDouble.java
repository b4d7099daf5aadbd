package cn.familyaid.withdrawal.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replier for the withdrawal side of the ledger commands (HOLD_WITHDRAWAL, PAYOUT, VOID_HOLD; wallet-service
 * README "Ledger commands") on the real test broker, for the tests that need to inject faults the real ledger
 * cannot be made to have on demand (lost replies, silence, {@code INTERNAL} refusals). It keeps balances and
 * holds per person, is idempotent by command_id exactly as the contract says (same id + same content → the
 * stored reply; other content → IDEMPOTENCY_CONFLICT) and counts what it executed, so tests can assert "paid
 * once". The real wallet-service is exercised by the end-to-end
 * tests ({@link SiblingJar}).
 */
public final class LedgerDouble {
    public static final String TOPIC = "ledger.commands.test-double";
    private static LedgerDouble instance;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, long[]> accounts = new ConcurrentHashMap<>(); // psn → {balance, held, closed(0/1)}
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, String[]> replies = new ConcurrentHashMap<>(); // command_id → {request, reply}
    private final Map<String, AtomicInteger> executed = new ConcurrentHashMap<>(); // type → executions
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>(); // type → messages
    private final Map<String, List<String>> bodies = new ConcurrentHashMap<>(); // command_id → messages as received
    private final Map<String, AtomicInteger> dropReplies = new ConcurrentHashMap<>(); // type → replies to drop
    private final Map<String, AtomicInteger> internal = new ConcurrentHashMap<>(); // type|withdrawal → INTERNALs
    private final KafkaProducer<String, String> producer;

    private static final class Hold {
        final String psnNo;
        final long amount;
        String status = "PENDING";

        Hold(String psnNo, long amount) {
            this.psnNo = psnNo;
            this.amount = amount;
        }
    }

    private LedgerDouble() {
        producer = new KafkaProducer<>(TestStack.asAdmin(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(TestStack.asAdmin(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "ledger-double",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())));
        consumer.subscribe(List.of(TOPIC));
        Thread t = new Thread(() -> {
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    handle(r);
                }
            }
        }, "ledger-double");
        t.setDaemon(true);
        t.start();
    }

    public static synchronized LedgerDouble get() {
        if (instance == null) {
            instance = new LedgerDouble();
        }
        return instance;
    }

    public void open(String psnNo, long balanceFen) {
        accounts.put(psnNo, new long[] {balanceFen, 0, 0});
    }

    /** The platform's monthly credit arriving at any time. */
    public synchronized void credit(String psnNo, long fen) {
        accounts.get(psnNo)[0] += fen;
    }

    public long balance(String psnNo) {
        return accounts.get(psnNo)[0];
    }

    public long held(String psnNo) {
        return accounts.get(psnNo)[1];
    }

    public boolean closed(String psnNo) {
        return accounts.get(psnNo)[2] == 1;
    }

    /** How many times a command type was executed (not replayed) for commands naming this withdrawal. */
    public int executed(String type, String withdrawalId) {
        return executed.getOrDefault(type + "|" + withdrawalId, new AtomicInteger()).get();
    }

    public int received(String type, String withdrawalId) {
        return received.getOrDefault(type + "|" + withdrawalId, new AtomicInteger()).get();
    }

    /** Every message received with this command id, as it came (byte for byte), in order. */
    public List<String> bodies(String commandId) {
        return List.copyOf(bodies.getOrDefault(commandId, List.of()));
    }

    private final Set<String> unanswered = ConcurrentHashMap.newKeySet();

    /** While set, commands of this type are neither executed nor answered (the ledger is down for them). */
    public void silence(String type, boolean silent) {
        if (silent) {
            unanswered.add(type);
        } else {
            unanswered.remove(type);
        }
    }

    /** The next {@code n} commands of this type are executed but their replies are lost. */
    public void loseReplies(String type, int n) {
        dropReplies.put(type, new AtomicInteger(n));
    }

    /**
     * The next {@code n} commands of this type for this withdrawal fail as the real ledger fails when its
     * transaction rolls back (a deadlock, a serialization failure): answered {@code INTERNAL}, neither executed
     * nor stored, so the same command id executes afresh when sent again.
     */
    public void failInternally(String type, String withdrawalId, int n) {
        internal.put(type + "|" + withdrawalId, new AtomicInteger(n));
    }

    private synchronized void handle(ConsumerRecord<String, String> r) {
        try {
            JsonNode cmd = json.readTree(r.value());
            String id = cmd.path("command_id").asText();
            String type = cmd.path("type").asText();
            String wid = id.replaceAll("^wd-(.*)-[a-z]+$", "$1");
            if (unanswered.contains(type)) {
                return;
            }
            received.computeIfAbsent(type + "|" + wid, k -> new AtomicInteger()).incrementAndGet();
            bodies.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(r.value());
            String[] stored = replies.get(id);
            String reply;
            AtomicInteger fail = internal.get(type + "|" + wid);
            if (fail != null && fail.getAndDecrement() > 0) {
                reply = refuse(id, "INTERNAL").toString(); // rolled back: nothing executed, nothing stored
            } else if (stored != null) {
                reply = stored[0].equals(r.value()) ? stored[1]
                        : refuse(id, "IDEMPOTENCY_CONFLICT").toString();
            } else {
                ObjectNode out = execute(id, type, cmd);
                reply = out.toString();
                replies.put(id, new String[] {r.value(), reply});
                if (out.path("ok").asBoolean()) {
                    executed.computeIfAbsent(type + "|" + wid, k -> new AtomicInteger()).incrementAndGet();
                }
            }
            AtomicInteger drop = dropReplies.get(type);
            if (drop != null && drop.getAndDecrement() > 0) {
                return;
            }
            Header topic = r.headers().lastHeader("REPLY_TOPIC");
            Header partition = r.headers().lastHeader("REPLY_PARTITION");
            ProducerRecord<String, String> out = new ProducerRecord<>(new String(topic.value()),
                    partition == null ? null : ByteBuffer.wrap(partition.value()).getInt(), r.key(), reply);
            out.headers().add("REPLY_CORRELATION_ID", r.headers().lastHeader("REPLY_CORRELATION_ID").value());
            producer.send(out).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode execute(String id, String type, JsonNode cmd) {
        switch (type) {
            case "HOLD_WITHDRAWAL" -> {
                long[] a = accounts.get(cmd.path("psn_no").asText());
                if (a == null) {
                    return refuse(id, "NOT_FOUND");
                }
                if (a[2] == 1) {
                    return refuse(id, "ACCOUNT_CLOSED");
                }
                long available = a[0] - a[1];
                long amount = cmd.path("amount_fen").isNull() ? available : cmd.path("amount_fen").asLong();
                if (amount > available) {
                    return refuse(id, "INSUFFICIENT_BALANCE");
                }
                a[1] += amount;
                String holdId = UUID.randomUUID().toString(); // a UUID, as the real ledger's (asyncapi.yaml)
                holds.put(holdId, new Hold(cmd.path("psn_no").asText(), amount));
                return ok(id).put("hold_id", holdId).put("amount_fen", amount);
            }
            case "PAYOUT" -> {
                Hold h = holds.get(cmd.path("hold_id").asText());
                if (h == null) {
                    return refuse(id, "NOT_FOUND");
                }
                if (!h.status.equals("PENDING")) {
                    return refuse(id, "HOLD_NOT_PENDING");
                }
                long[] a = accounts.get(h.psnNo);
                a[1] -= h.amount;
                a[0] -= h.amount;
                h.status = "POSTED";
                long paid = h.amount;
                boolean close = cmd.path("close_account").asBoolean();
                if (close) {
                    // as the real ledger: money credited since the hold leaves with the rest
                    long rest = a[0] - a[1];
                    a[0] -= rest;
                    paid += rest;
                    a[2] = 1;
                }
                return ok(id).put("hold_id", cmd.path("hold_id").asText()).put("paid_fen", paid)
                        .put("account_closed", close);
            }
            case "VOID_HOLD" -> {
                Hold h = holds.get(cmd.path("hold_id").asText());
                if (h == null) {
                    return refuse(id, "NOT_FOUND");
                }
                if (!h.status.equals("PENDING")) {
                    return refuse(id, "HOLD_NOT_PENDING");
                }
                accounts.get(h.psnNo)[1] -= h.amount;
                h.status = "VOIDED";
                return ok(id).put("hold_id", cmd.path("hold_id").asText()).put("status", "VOIDED");
            }
            default -> {
                return refuse(id, "VALIDATION");
            }
        }
    }

    private ObjectNode ok(String id) {
        return json.createObjectNode().put("command_id", id).put("ok", true);
    }

    private ObjectNode refuse(String id, String code) {
        return json.createObjectNode().put("command_id", id).put("ok", false).put("code", code).put("message", code);
    }
}
