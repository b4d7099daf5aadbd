package cn.familyaid.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/** Plants defects into a rendered file's documents (as YAML trees) and checks the result. */
final class Plant {

    private Plant() {
    }

    static List<JsonNode> docs(String yaml) {
        try {
            return new ArrayList<>(Manifests.read(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One YAML value (a root-level sequence stays a sequence). */
    static JsonNode node(String yaml) {
        try {
            return Manifests.YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String yaml(List<JsonNode> docs) {
        try {
            return Manifests.write(docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of {@code yaml} with a defect planted, written back as YAML. */
    static String planted(String yaml, Consumer<List<JsonNode>> defect) {
        List<JsonNode> docs = docs(yaml);
        defect.accept(docs);
        return yaml(docs);
    }

    static ObjectNode find(List<JsonNode> docs, String kind, String name) {
        for (JsonNode d : docs) {
            if (d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name)) {
                return (ObjectNode) d;
            }
        }
        throw new AssertionError("no " + kind + " " + name + " to plant a defect in");
    }

    static ObjectNode first(List<JsonNode> docs, String kind) {
        for (JsonNode d : docs) {
            if (d.path("kind").asText().equals(kind)) {
                return (ObjectNode) d;
            }
        }
        throw new AssertionError("no " + kind + " to plant a defect in");
    }

    static void remove(List<JsonNode> docs, String kind, String name) {
        docs.remove(find(docs, kind, name));
    }

    static ObjectNode obj(JsonNode n, String pointer) {
        JsonNode at = n.at(pointer);
        if (!at.isObject()) {
            throw new AssertionError("no object at " + pointer);
        }
        return (ObjectNode) at;
    }

    static ArrayNode arr(JsonNode n, String pointer) {
        JsonNode at = n.at(pointer);
        if (!at.isArray()) {
            throw new AssertionError("no array at " + pointer);
        }
        return (ArrayNode) at;
    }

    /** The first container of a Deployment. */
    static ObjectNode container(List<JsonNode> docs, String deployment) {
        return obj(find(docs, "Deployment", deployment), "/spec/template/spec/containers/0");
    }

    /** The env entry {@code name} of a container (created when absent). */
    static ObjectNode env(ObjectNode container, String name) {
        ArrayNode env = container.withArray("env");
        for (JsonNode e : env) {
            if (e.path("name").asText().equals(name)) {
                return (ObjectNode) e;
            }
        }
        return env.addObject().put("name", name);
    }

    static void removeEnv(ObjectNode container, String name) {
        for (Iterator<JsonNode> it = container.withArray("env").iterator(); it.hasNext(); ) {
            if (it.next().path("name").asText().equals(name)) {
                it.remove();
                return;
            }
        }
        throw new AssertionError("no env " + name);
    }
}
