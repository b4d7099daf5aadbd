package cn.familyaid.k8scheck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads multi-document YAML (kubectl kustomize output) into {@link Doc}s; duplicate keys are an error. */
public final class Manifests {

    static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Manifests() {
    }

    /** The parsed documents, or a parse failure as an {@link IOException} naming the file and line. */
    public static List<Doc> parse(String file, String yaml, String defaultNamespace, List<String> problems) throws IOException {
        List<Doc> docs = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (empty(n)) {
                    continue; // an empty document between two "---", or one of comments only
                }
                index++;
                if (!n.isObject()) {
                    problems.add(file + " document #" + index + ": not a mapping but " + n.getNodeType());
                    continue;
                }
                String apiVersion = n.path("apiVersion").asText("");
                String kind = n.path("kind").asText("");
                String name = n.path("metadata").path("name").asText("");
                String ns = n.path("metadata").path("namespace").asText("");
                if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
                    problems.add(file + " document #" + index + ": apiVersion, kind and metadata.name are required (got '"
                            + apiVersion + "', '" + kind + "', '" + name + "')");
                }
                docs.add(new Doc(file, index, apiVersion, kind, name, ns.isEmpty() ? defaultNamespace : ns, n));
            }
        }
        return docs;
    }

    private static boolean empty(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.isTextual() && n.asText().isBlank();
    }

    /** Writes documents back as one multi-document YAML text (used by the tests to plant defects). */
    public static String write(List<JsonNode> docs) throws IOException {
        StringBuilder b = new StringBuilder();
        for (JsonNode d : docs) {
            String s = YAML.writeValueAsString(d);
            b.append(s.startsWith("---") ? s : "---\n" + s);
        }
        return b.toString();
    }

    public static List<JsonNode> read(String yaml) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (!empty(n)) {
                    out.add(n);
                }
            }
        }
        return out;
    }
}
