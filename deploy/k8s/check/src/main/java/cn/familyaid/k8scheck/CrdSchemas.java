package cn.familyaid.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Validates custom resources against the {@code openAPIV3Schema} of the CRDs in a folder, as the API server's structural
 * schema would: an object without {@code x-kubernetes-preserve-unknown-fields} takes no field that its schema does not
 * list ({@code additionalProperties: false}), {@code x-kubernetes-int-or-string} is an integer or a string, {@code
 * nullable} admits null. Not evaluated: CEL rules ({@code x-kubernetes-validations}), which need the API server.
 */
public final class CrdSchemas {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final tools.jackson.databind.ObjectMapper JSON3 = tools.jackson.databind.json.JsonMapper.builder().build();

    /** A served version of a CRD: its kind, the file it came from and its schema. */
    record Entry(String apiVersion, String kind, String source, JsonNode openApi, Schema schema) {
    }

    private final Map<String, Entry> byKind = new TreeMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .pathType(PathType.JSON_PATH)
                    .formatAssertionsEnabled(false)
                    .build()));

    /** Loads every *.yaml / *.yml CRD of {@code dir}. */
    public static CrdSchemas load(Path dir) throws IOException {
        CrdSchemas s = new CrdSchemas();
        List<Path> files;
        try (Stream<Path> l = Files.list(dir)) {
            files = l.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no CRD in " + dir);
        }
        for (Path f : files) {
            for (JsonNode crd : Manifests.read(Files.readString(f))) {
                if (!crd.path("kind").asText().equals("CustomResourceDefinition")) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode v : crd.path("spec").path("versions")) {
                    if (!v.path("served").asBoolean(false)) {
                        continue;
                    }
                    JsonNode openApi = v.path("schema").path("openAPIV3Schema");
                    String apiVersion = group + "/" + v.path("name").asText();
                    s.byKind.put(apiVersion + " " + kind, new Entry(apiVersion, kind, f.getFileName().toString(), openApi, null));
                }
            }
        }
        return s;
    }

    public boolean knows(Doc d) {
        return byKind.containsKey(d.apiVersion() + " " + d.kind());
    }

    /** The served apiVersions of a kind the CRDs define, to say what a wrong apiVersion should have been. */
    public List<String> versionsOf(String kind) {
        return byKind.values().stream().filter(e -> e.kind().equals(kind)).map(Entry::apiVersion).toList();
    }

    public String sourceOf(Doc d) {
        Entry e = byKind.get(d.apiVersion() + " " + d.kind());
        return e == null ? null : e.source();
    }

    public List<String> validate(Doc d) {
        String key = d.apiVersion() + " " + d.kind();
        Entry e = byKind.get(key);
        Schema schema;
        synchronized (this) {
            if (e.schema() == null) {
                ObjectNode js = structural(e.openApi(), true);
                // metadata is the API server's ObjectMeta, not the CRD's: it is checked by the core model; apiVersion
                // and kind are always allowed (some generated CRDs, Keycloak's, do not list them)
                ObjectNode props = js.withObject("/properties");
                props.set("metadata", F.objectNode());
                props.putIfAbsent("apiVersion", F.objectNode().put("type", "string"));
                props.putIfAbsent("kind", F.objectNode().put("type", "string"));
                e = new Entry(e.apiVersion(), e.kind(), e.source(), e.openApi(), registry.getSchema(toJackson3(js)));
                byKind.put(key, e);
            }
            schema = e.schema();
        }
        List<String> problems = new ArrayList<>(CoreModels.validateMetadata(d.node().get("metadata")));
        for (Error err : schema.validate(toJackson3(d.node()))) {
            String at = err.getInstanceLocation().toString();
            problems.add(at.replaceFirst("^\\$\\.?", "").replace(".properties", "") + ": " + explain(err));
        }
        return problems;
    }

    private static String explain(Error err) {
        String m = err.getMessage();
        // "$.spec: property 'foo' is not defined in the schema and the schema does not allow additional properties"
        int colon = m.indexOf(": ");
        m = colon >= 0 && m.startsWith("$") ? m.substring(colon + 2) : m;
        if ("additionalProperties".equals(err.getKeyword())) {
            return "unknown field " + m.replaceAll("^property '([^']*)'.*$", "'$1'") + " (not in the CRD schema)";
        }
        return m;
    }

    private static tools.jackson.databind.JsonNode toJackson3(JsonNode n) {
        return JSON3.readTree(n.toString());
    }

    /**
     * The JSON Schema (draft 4) of a structural OpenAPI schema node. {@code skeleton} is true on the positions that
     * make the structure (the root, properties, items, additionalProperties); only there does an object without
     * x-kubernetes-preserve-unknown-fields refuse unlisted fields (inside anyOf/allOf/oneOf/not, a structural schema
     * only adds value validations).
     */
    static ObjectNode structural(JsonNode in, boolean skeleton) {
        ObjectNode out = F.objectNode();
        if (in == null || !in.isObject()) {
            return out;
        }
        boolean preserve = in.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean intOrString = in.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean embedded = in.path("x-kubernetes-embedded-resource").asBoolean(false);
        boolean nullable = in.path("nullable").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String k = f.getKey();
            JsonNode v = f.getValue();
            switch (k) {
                case "properties", "patternProperties" -> {
                    ObjectNode props = out.putObject(k);
                    v.fields().forEachRemaining(p -> props.set(p.getKey(), structural(p.getValue(), skeleton)));
                }
                case "items" -> out.set(k, v.isArray() ? arrayOf((ArrayNode) v, skeleton) : structural(v, skeleton));
                case "additionalProperties" -> out.set(k, v.isObject() ? structural(v, skeleton) : v);
                case "anyOf", "allOf", "oneOf" -> out.set(k, arrayOf((ArrayNode) v, false));
                case "not" -> out.set(k, structural(v, false));
                case "type" -> {
                    if (!intOrString) {
                        out.set(k, nullable ? F.arrayNode().add(v.asText()).add("null") : v);
                    }
                }
                case "nullable", "example", "externalDocs", "discriminator", "xml", "readOnly", "writeOnly", "deprecated" -> {
                }
                default -> {
                    if (!k.startsWith("x-")) {
                        out.set(k, v);
                    }
                }
            }
        }
        if (intOrString) {
            ArrayNode any = F.arrayNode();
            any.addObject().put("type", "integer");
            any.addObject().put("type", "string");
            if (nullable) {
                any.addObject().put("type", "null");
            }
            ObjectNode wrapped = F.objectNode();
            wrapped.set("anyOf", any);
            out.set("allOf", out.has("allOf") ? ((ArrayNode) out.get("allOf")).add(wrapped) : F.arrayNode().add(wrapped));
        }
        if (embedded) {
            ObjectNode props = out.has("properties") ? (ObjectNode) out.get("properties") : out.putObject("properties");
            props.putIfAbsent("apiVersion", F.objectNode().put("type", "string"));
            props.putIfAbsent("kind", F.objectNode().put("type", "string"));
            props.putIfAbsent("metadata", F.objectNode().put("type", "object"));
        }
        boolean object = "object".equals(in.path("type").asText()) || in.has("properties");
        if (skeleton && object && !preserve && !in.has("additionalProperties")) {
            out.put("additionalProperties", false);
        }
        return out;
    }

    private static ArrayNode arrayOf(ArrayNode in, boolean skeleton) {
        ArrayNode out = F.arrayNode();
        in.forEach(n -> out.add(structural(n, skeleton)));
        return out;
    }

    public int size() {
        return byKind.size();
    }

    public java.util.Set<String> kinds() {
        return byKind.keySet();
    }
}
