package cn.familyaid.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One object of a rendered file: its YAML tree and where it came from.
 *
 * @param index 1-based position of the document in the file
 * @param namespace the object's namespace, or the default namespace the file is applied to when it has none
 */
public record Doc(String file, int index, String apiVersion, String kind, String name, String namespace, JsonNode node) {

    /** How failure messages name the object: {@code apps/v1 Deployment family-aid/binding-service (#12)}. */
    public String ref() {
        return apiVersion + " " + kind + " " + namespace + "/" + name + " (#" + index + ")";
    }

    public boolean is(String apiVersion, String kind) {
        return this.apiVersion.equals(apiVersion) && this.kind.equals(kind);
    }

    public JsonNode at(String pointer) {
        return node.at(pointer);
    }
}
