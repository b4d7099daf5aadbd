package cn.familyaid.k8scheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks rendered files: the schema of every object, then the deployment properties ({@link Checks}). */
public final class Checker {

    static final String SCHEMA_DESC = "every object is a core kind valid by its fabric8 model or a custom resource valid by"
            + " its CRD schema (no unknown field, no wrong type, no unknown kind)";

    private final CrdSchemas crds;
    private final AclMatrix matrix;
    private final String defaultNamespace;

    public Checker(CrdSchemas crds, AclMatrix matrix, String defaultNamespace) {
        this.crds = crds;
        this.matrix = matrix;
        this.defaultNamespace = defaultNamespace;
    }

    public static Checker load(Path crdDir, Path aclMatrix, String defaultNamespace) throws IOException {
        return new Checker(CrdSchemas.load(crdDir), AclMatrix.read(aclMatrix), defaultNamespace);
    }

    /** The report of one file. */
    public record FileReport(String file, int objects, int valid, Map<String, Integer> kinds, List<CheckResult> results) {

        public CheckResult result(String check) {
            return results.stream().filter(r -> r.name().equals(check)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no check " + check));
        }

        /** Every failure message of every check, each prefixed by the check's name. */
        public List<String> failures() {
            List<String> out = new ArrayList<>();
            results.forEach(r -> r.failures().forEach(m -> out.add(r.name() + ": " + m)));
            return out;
        }

        public long failed() {
            return results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
        }

        public long passed() {
            return results.stream().filter(r -> r.status() == CheckResult.Status.PASS).count();
        }
    }

    public FileReport check(String file, String yaml) {
        List<String> problems = new ArrayList<>();
        List<Doc> docs;
        try {
            docs = Manifests.parse(file, yaml, defaultNamespace, problems);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
            return new FileReport(file, 0, 0, Map.of(), List.of(new CheckResult("schema", SCHEMA_DESC,
                    CheckResult.Status.FAIL, List.of(file + " is no valid YAML: " + m), "not parsed")));
        }
        int valid = 0;
        Map<String, Integer> kinds = new TreeMap<>();
        Map<String, Doc> seen = new HashMap<>();
        for (Doc d : docs) {
            kinds.merge(d.kind(), 1, Integer::sum);
            Doc before = seen.putIfAbsent(d.apiVersion().replaceAll("/.*", "") + " " + d.kind() + " " + d.namespace() + "/"
                    + d.name(), d);
            if (before != null) {
                problems.add(d.ref() + ": the same object as #" + before.index());
            }
            List<String> p;
            if (CoreModels.knows(d)) {
                p = CoreModels.validate(d);
            } else if (crds.knows(d)) {
                p = crds.validate(d);
            } else {
                List<String> versions = crds.versionsOf(d.kind());
                p = List.of("unknown kind: neither a core kind of the strict model nor a kind of the CRDs in crds/"
                        + (versions.isEmpty() ? "" : " (the CRDs serve " + d.kind() + " as " + versions + ")"));
            }
            if (p.isEmpty()) {
                valid++;
            }
            p.forEach(m -> problems.add(d.ref() + ": " + m));
        }
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.of("schema", SCHEMA_DESC, problems, docs.size() + " object(s) valid"));
        results.addAll(new Checks(docs, matrix).all());
        return new FileReport(file, docs.size(), valid, kinds, results);
    }
}
