package cn.familyaid.withdrawal.support;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A service's AsyncAPI 3.0 document ({@code <service>/asyncapi.yaml}) as the contract tests read it: the topics the
 * service writes and reads, the messages each topic may carry, and the validation of a record taken from the broker
 * (value, key and headers) against the JSON Schemas of those messages (networknt json-schema-validator, draft-07:
 * the default schema format of AsyncAPI is a superset of it; formats such as uuid and date-time are asserted).
 * <p>
 * A topic is <em>written</em> by the channels of the document's {@code send} operations and the reply channels of
 * its {@code receive} operations; it is <em>read</em> by the channels of its {@code receive} operations and the reply
 * channels of its {@code send} operations (request-reply). A message's {@code x-key-pointers} are JSON pointers into
 * the value that equal the record's key.
 */
public final class AsyncApi {
    /** Every service of family-aid; each keeps its document at {@code ../<service>/asyncapi.yaml}. */
    public static final List<String> SERVICES = List.of("binding-service", "wallet-service", "settlement-service",
            "withdrawal-service");
    private static final String BASE = "https://family-aid.example/";
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Map<String, AsyncApi> DOCS = new LinkedHashMap<>();
    private static SchemaRegistry registry;

    /** One message a topic may carry, found at {@code pointer} of the document. */
    public record Message(String service, String topic, String name, String pointer, JsonNode node) {
        /** Topic and name: what coverage is counted by. */
        public String id() {
            return topic + " " + name;
        }
    }

    public final String service;
    private final String uri;
    private final JsonNode doc;
    private final Map<String, List<Message>> published = new LinkedHashMap<>();
    private final Map<String, List<Message>> consumed = new LinkedHashMap<>();

    private AsyncApi(String service, JsonNode doc) {
        this.service = service;
        this.uri = BASE + service + "/asyncapi.yaml";
        this.doc = doc;
        for (Map.Entry<String, JsonNode> op : doc.path("operations").properties()) {
            boolean send = "send".equals(op.getValue().path("action").asString());
            JsonNode channel = resolve(op.getValue().path("channel")).node();
            add(send ? published : consumed, channel, op.getValue().path("messages"));
            JsonNode reply = op.getValue().path("reply");
            if (!reply.isMissingNode()) {
                add(send ? consumed : published, resolve(reply.path("channel")).node(), reply.path("messages"));
            }
        }
    }

    /** The document of a service, read from {@code ../<service>/asyncapi.yaml} (the tests run in the module). */
    public static synchronized AsyncApi of(String service) {
        return DOCS.computeIfAbsent(service, s -> new AsyncApi(s, YAMLMapper.shared().readTree(text(s))));
    }

    private static String text(String service) {
        try {
            return Files.readString(Path.of("..", service, "asyncapi.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("no AsyncAPI document of " + service, e);
        }
    }

    /** All four documents in one registry, each under its own URI, so that every message can be validated. */
    private static synchronized SchemaRegistry registry() {
        if (registry == null) {
            Map<String, String> texts = new LinkedHashMap<>();
            for (String s : SERVICES) {
                texts.put(BASE + s + "/asyncapi.yaml", text(s));
            }
            registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, b -> b.schemas(texts));
        }
        return registry;
    }

    /** The other services' documents. */
    public List<AsyncApi> others() {
        return SERVICES.stream().filter(s -> !s.equals(service)).map(AsyncApi::of).toList();
    }

    public Set<String> written() {
        return new TreeSet<>(published.keySet());
    }

    public Set<String> read() {
        return new TreeSet<>(consumed.keySet());
    }

    /** Every message the service publishes, by {@link Message#id()}. */
    public Set<String> publishedMessages() {
        Set<String> ids = new TreeSet<>();
        published.values().forEach(l -> l.forEach(m -> ids.add(m.id())));
        return ids;
    }

    public List<Message> publishedOn(String topic) {
        return published.getOrDefault(topic, List.of());
    }

    public List<Message> consumedOn(String topic) {
        return consumed.getOrDefault(topic, List.of());
    }

    /** The message of this service's publications that the record is; fails naming every mismatch if none. */
    public Message publishedAs(ConsumerRecord<String, String> r) {
        List<Message> candidates = publishedOn(r.topic());
        if (candidates.isEmpty()) {
            throw new AssertionError(service + " published to " + r.topic() + ", a topic its asyncapi.yaml does not name");
        }
        return match(candidates, r).orElseThrow(problems -> new AssertionError(service + "'s record on " + r.topic()
                + " (key " + r.key() + ") matches no message of its asyncapi.yaml:\n" + problems + "\nvalue: " + r.value()));
    }

    /**
     * What the other services that read this topic (their documents' receive side) would refuse in the record: one
     * line per reader whose messages it matches none of; empty when every reader accepts it.
     */
    public List<String> readersRefusing(ConsumerRecord<String, String> r) {
        List<String> refusals = new ArrayList<>();
        for (AsyncApi reader : others()) {
            List<Message> read = reader.consumedOn(r.topic());
            if (!read.isEmpty()) {
                match(read, r).ifProblems(p -> refusals.add(reader.service + " reads " + r.topic() + " as: " + p));
            }
        }
        return refusals;
    }

    /** The problems of the record as this message (empty: it is one). */
    public List<String> problems(Message m, ConsumerRecord<String, String> r) {
        List<String> problems = new ArrayList<>();
        if (!m.topic().equals(r.topic())) {
            problems.add("on " + r.topic() + ", not " + m.topic());
        }
        JsonNode value = value(r.value());
        validate(m, "/payload", value).forEach(p -> problems.add("payload " + p));
        if (m.node().has("headers")) {
            validate(m, "/headers", headers(r)).forEach(p -> problems.add("headers " + p));
        } else if (r.headers().toArray().length > 0) {
            problems.add("headers " + headers(r).propertyNames() + " on a message that defines none");
        }
        Resolved keySchema = of(m.service()).locate(m.pointer(), "bindings", "kafka", "key");
        if (keySchema != null) {
            JsonNode key = r.key() == null ? JSON.getNodeFactory().nullNode() : JSON.getNodeFactory().stringNode(r.key());
            validate(m.service(), keySchema.pointer(), key).forEach(p -> problems.add("key " + p));
        }
        for (JsonNode pointer : m.node().path("x-key-pointers")) {
            JsonNode at = value.at(pointer.asString());
            if (!at.isString() || !at.asString().equals(r.key())) {
                problems.add("key " + r.key() + " is not " + pointer.asString() + " (" + at + ")");
            }
        }
        return problems;
    }

    /** Validates the payload or headers of a message against its schema at that place of the document. */
    private static List<String> validate(Message m, String part, JsonNode node) {
        return validate(m.service(), m.pointer() + part, node);
    }

    /** Validates a node against the schema at that JSON pointer of a service's document. */
    private static List<String> validate(String service, String pointer, JsonNode node) {
        Schema schema = registry().getSchema(SchemaLocation.of(BASE + service + "/asyncapi.yaml#" + pointer));
        return schema.validate(node, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true))).stream()
                .map(Object::toString).toList();
    }

    /** Either a message the record matched, or every candidate's problems. */
    private record Match(Message message, String problems) {
        Message orElseThrow(Function<String, AssertionError> error) {
            if (message == null) {
                throw error.apply(problems);
            }
            return message;
        }

        void ifProblems(Consumer<String> then) {
            if (message == null) {
                then.accept(problems);
            }
        }
    }

    private Match match(List<Message> candidates, ConsumerRecord<String, String> r) {
        StringBuilder all = new StringBuilder();
        String type = value(r.value()).path("type").asString("");
        for (Message m : candidates) {
            List<String> p = problems(m, r);
            if (p.isEmpty()) {
                return new Match(m, null);
            }
            // a record that names its type is reported against that message alone
            if (candidates.size() == 1 || type.equals(m.name()) || candidates.stream().noneMatch(c -> c.name().equals(type))) {
                all.append("  as ").append(m.name()).append(": ").append(p).append('\n');
            }
        }
        return new Match(null, all.toString());
    }

    private static JsonNode value(String value) {
        if (value == null) {
            return JSON.getNodeFactory().nullNode();
        }
        try {
            return JSON.readTree(value);
        } catch (JacksonException notJson) {
            return JSON.getNodeFactory().stringNode(value);
        }
    }

    private static ObjectNode headers(ConsumerRecord<String, String> r) {
        ObjectNode headers = JSON.createObjectNode();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private record Resolved(String pointer, JsonNode node) {
    }

    /** Follows local {@code $ref}s ({@code #/...}) to the object they name, with its JSON pointer. */
    private Resolved resolve(JsonNode node) {
        String pointer = null;
        for (int hops = 0; node.has("$ref"); hops++) {
            String ref = node.get("$ref").asString();
            if (!ref.startsWith("#/") || hops > 10) {
                throw new IllegalStateException(service + "'s asyncapi.yaml: unsupported $ref " + ref);
            }
            pointer = ref.substring(1);
            node = doc.at(pointer);
            if (node.isMissingNode()) {
                throw new IllegalStateException(service + "'s asyncapi.yaml: $ref " + ref + " names nothing");
            }
        }
        return new Resolved(pointer, node);
    }

    /** The object at {@code pointer}/names…, following a {@code $ref} at each step; null when there is none. */
    private Resolved locate(String pointer, String... names) {
        Resolved at = new Resolved(pointer, doc.at(pointer));
        for (String name : names) {
            Resolved ref = resolve(at.node());
            if (ref.pointer() != null) {
                at = ref;
            }
            if (!at.node().has(name)) {
                return null;
            }
            at = new Resolved(at.pointer() + "/" + name, at.node().get(name));
        }
        Resolved ref = resolve(at.node());
        return ref.pointer() != null ? ref : at;
    }

    private void add(Map<String, List<Message>> into, JsonNode channel, JsonNode messages) {
        String topic = channel.path("address").asString(null);
        if (topic == null) {
            throw new IllegalStateException(service + "'s asyncapi.yaml: a channel without an address");
        }
        List<JsonNode> refs = new ArrayList<>();
        if (messages.isMissingNode()) {
            channel.path("messages").forEach(refs::add);
        } else {
            messages.forEach(refs::add);
        }
        Set<Message> found = new LinkedHashSet<>(into.getOrDefault(topic, List.of()));
        for (JsonNode ref : refs) {
            Resolved m = resolve(ref);
            if (m.pointer() == null) {
                throw new IllegalStateException(service + "'s asyncapi.yaml: messages of " + topic + " must be $refs");
            }
            found.add(new Message(service, topic, m.node().path("name").asString(m.pointer()), m.pointer(), m.node()));
        }
        into.put(topic, List.copyOf(found));
    }
}
