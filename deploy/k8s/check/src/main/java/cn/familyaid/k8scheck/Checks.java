package cn.familyaid.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The deployment properties of family-aid, each a named check over all objects of one rendered file. The family-aid
 * services are the principals of the ACL matrix (scope all); each of them owns a database.
 */
public final class Checks {

    static final String DEPLOYMENT = "apps/v1 Deployment";
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job",
            "CronJob", "Pod");
    private static final Set<String> CORE_WORKLOAD_API = Set.of("v1", "apps/v1", "batch/v1");
    private static final List<String> SECRET_WORDS = List.of("PASSWORD", "PASSWD", "PWD", "SECRET", "TOKEN", "KEY");

    private final List<Doc> docs;
    private final AclMatrix matrix;
    private final List<String> services;
    /** The services that read a database (all of them: each owns one, deploy/k8s/platform/postgres.yaml). */
    private final List<String> dbServices;

    public Checks(List<Doc> docs, AclMatrix matrix) {
        this.docs = docs;
        this.matrix = matrix;
        this.services = matrix.services();
        this.dbServices = services;
    }

    public List<CheckResult> all() {
        return List.of(serviceWorkloads(), dbCredentials(), imageTags(), imagePullPolicy(), kafkaAcls(), kafkaListeners(),
                noSecretValues(), routes(), podSecurity(), resources(), startupProbe(), pdb(), hpa(), networkPolicy(),
                defaultDeny(), pgBackup(), pgSyncReplicas(), realmImport());
    }

    // ---------------------------------------------------------------- the checks

    CheckResult serviceWorkloads() {
        List<String> f = new ArrayList<>();
        for (String s : services) {
            if (serviceDeployments().stream().noneMatch(d -> s.equals(serviceOf(d)))) {
                f.add("service " + s + " (a principal of acl-matrix.csv) has no Deployment");
            }
        }
        return CheckResult.of("service-workloads", "every family-aid service has a Deployment", f,
                serviceDeployments().size() + " service Deployment(s): " + services);
    }

    CheckResult dbCredentials() {
        List<String> f = new ArrayList<>();
        int n = 0;
        for (Doc d : docs) {
            String s = serviceOf(d);
            if (s == null || !dbServices.contains(s) || !(d.kind().equals("Deployment") || d.kind().equals("Job")
                    || d.kind().equals("CronJob") || d.kind().equals("StatefulSet"))) {
                continue;
            }
            for (Container c : containers(d)) {
                n++;
                Map<String, JsonNode> env = env(c.node());
                if (!env.containsKey("DB_URL")) {
                    f.add(d.ref() + " " + c + ": no env DB_URL");
                } else if (!env.get("DB_URL").hasNonNull("value") && !env.get("DB_URL").hasNonNull("valueFrom")) {
                    f.add(d.ref() + " " + c + ": env DB_URL has neither value nor valueFrom");
                }
                for (String v : List.of("DB_USER", "DB_PASSWORD")) {
                    JsonNode e = env.get(v);
                    if (e == null) {
                        f.add(d.ref() + " " + c + ": no env " + v);
                    } else if (e.path("valueFrom").path("secretKeyRef").path("name").asText("").isEmpty()
                            || e.path("valueFrom").path("secretKeyRef").path("key").asText("").isEmpty()) {
                        f.add(d.ref() + " " + c + ": env " + v + " is not from a secretKeyRef (name and key)"
                                + (e.has("value") ? ", it has a literal value" : ""));
                    }
                }
            }
        }
        if (n == 0 && f.isEmpty()) {
            f.add("no container of a family-aid service Deployment/Job found (services: " + dbServices + ")");
        }
        return CheckResult.of("db-credentials",
                "every container of a service Deployment/Job has DB_URL, and DB_USER and DB_PASSWORD from secretKeyRef", f,
                n + " container(s)");
    }

    CheckResult imageTags() {
        List<String> f = new ArrayList<>();
        int[] n = {0};
        for (Doc d : docs) {
            walk(d.node(), "", (path, node) -> {
                String field = lastField(path);
                if ((field.equals("image") || field.equals("imageName")) && node.isTextual()) {
                    n[0]++;
                    String problem = imageProblem(node.asText());
                    if (problem != null) {
                        f.add(d.ref() + ": " + path + ": image '" + node.asText() + "' " + problem);
                    }
                }
            });
        }
        return CheckResult.of("image-tags", "no image tagged latest or without a tag", f, n[0] + " image(s)");
    }

    CheckResult imagePullPolicy() {
        List<String> f = new ArrayList<>();
        for (Doc d : docs) {
            walk(d.node(), "", (path, node) -> {
                if (lastField(path).equals("imagePullPolicy") && node.asText().equals("Always")) {
                    f.add(d.ref() + ": " + path + ": imagePullPolicy Always");
                }
            });
        }
        return CheckResult.of("image-pull-policy", "no imagePullPolicy: Always", f, "none is Always");
    }

    CheckResult kafkaAcls() {
        List<String> f = new ArrayList<>();
        Map<String, Doc> users = new LinkedHashMap<>();
        Set<String> kafkaClusters = docs.stream().filter(d -> isStrimzi(d, "Kafka")).map(Doc::name).collect(Collectors.toSet());
        for (Doc d : docs) {
            if (!isStrimzi(d, "KafkaUser")) {
                continue;
            }
            users.put(d.name(), d);
            JsonNode spec = d.at("/spec");
            if (!spec.path("authentication").path("type").asText().equals("scram-sha-512")) {
                f.add(d.ref() + ": spec.authentication.type is '" + spec.path("authentication").path("type").asText()
                        + "', not scram-sha-512");
            }
            if (!spec.path("authorization").path("type").asText().equals("simple")) {
                f.add(d.ref() + ": spec.authorization.type is '" + spec.path("authorization").path("type").asText()
                        + "', not simple");
            }
            String cluster = d.at("/metadata/labels/strimzi.io~1cluster").asText("");
            if (!kafkaClusters.isEmpty() && !kafkaClusters.contains(cluster)) {
                f.add(d.ref() + ": label strimzi.io/cluster '" + cluster + "' names no Kafka of this file " + kafkaClusters);
            }
            if (!matrix.principals().contains(d.name())) {
                f.add(d.ref() + ": KafkaUser " + d.name() + " is no principal of acl-matrix.csv (scope all)");
                continue;
            }
            Set<AclMatrix.Acl> actual = new TreeSet<>();
            int i = 0;
            for (JsonNode a : spec.path("authorization").path("acls")) {
                String at = "spec.authorization.acls[" + i++ + "]";
                JsonNode r = a.path("resource");
                String type = a.path("type").asText("allow");
                String host = a.path("host").asText("*");
                List<String> ops = new ArrayList<>();
                a.path("operations").forEach(o -> ops.add(o.asText()));
                if (a.hasNonNull("operation")) {
                    ops.add(a.path("operation").asText());
                }
                if (ops.isEmpty()) {
                    f.add(d.ref() + ": " + at + " has no operation");
                }
                for (String op : ops) {
                    String qualifiedOp = (type.equals("allow") ? "" : type + " ") + op + (host.equals("*") ? "" : " from " + host);
                    // Strimzi's patternType "prefix" is the matrix's (and Kafka's) "prefixed"
                    String pattern = r.path("patternType").asText("literal");
                    actual.add(new AclMatrix.Acl(r.path("type").asText(), r.path("name").asText("*"),
                            pattern.equals("prefix") ? "prefixed" : pattern, qualifiedOp));
                }
            }
            Set<AclMatrix.Acl> expected = matrix.of(d.name());
            for (AclMatrix.Acl a : expected) {
                if (!actual.contains(a)) {
                    f.add(d.ref() + ": missing ACL " + a + " (a row of acl-matrix.csv)");
                }
            }
            for (AclMatrix.Acl a : actual) {
                if (!expected.contains(a)) {
                    f.add(d.ref() + ": extra ACL " + a + " (no row of acl-matrix.csv grants it)");
                }
            }
        }
        for (String p : matrix.principals()) {
            if (!users.containsKey(p)) {
                f.add("principal " + p + " of acl-matrix.csv has no KafkaUser");
            }
        }
        return CheckResult.of("kafka-acls",
                "the KafkaUsers' ACLs are exactly acl-matrix.csv's rows of scope all; SCRAM-SHA-512 and simple authorization",
                f, users.size() + " KafkaUser(s), " + matrix.principals().stream().mapToInt(p -> matrix.of(p).size()).sum()
                        + " ACL(s)");
    }

    CheckResult kafkaListeners() {
        List<String> f = new ArrayList<>();
        List<Doc> kafkas = docs.stream().filter(d -> isStrimzi(d, "Kafka")).toList();
        if (kafkas.isEmpty()) {
            f.add("no Kafka (kafka.strimzi.io) in this file");
        }
        for (Doc d : kafkas) {
            JsonNode k = d.at("/spec/kafka");
            JsonNode listeners = k.path("listeners");
            if (listeners.isEmpty()) {
                f.add(d.ref() + ": spec.kafka.listeners is empty");
            }
            int i = 0;
            for (JsonNode l : listeners) {
                String at = "spec.kafka.listeners[" + i++ + "] (" + l.path("name").asText() + ")";
                if (!l.path("tls").asBoolean(false) || !l.path("tls").isBoolean()) {
                    f.add(d.ref() + ": " + at + " has no TLS (tls: " + l.path("tls") + ")");
                }
                if (l.path("authentication").path("type").asText("").isEmpty()) {
                    f.add(d.ref() + ": " + at + " has no authentication");
                }
            }
            if (!k.path("authorization").path("type").asText().equals("simple")) {
                f.add(d.ref() + ": spec.kafka.authorization.type is '" + k.path("authorization").path("type").asText()
                        + "', not simple");
            }
            if (k.path("config").path("allow.everyone.if.no.acl.found").asText("false").equals("true")) {
                f.add(d.ref() + ": spec.kafka.config.allow.everyone.if.no.acl.found is true");
            }
        }
        return CheckResult.of("kafka-listeners",
                "the Kafka CR has no listener without TLS or authentication, and authorization simple", f,
                kafkas.size() + " Kafka");
    }

    CheckResult noSecretValues() {
        List<String> f = new ArrayList<>();
        for (Doc d : docs) {
            if (d.is("v1", "Secret")) {
                for (String k : List.of("data", "stringData")) {
                    if (d.node().path(k).size() > 0) {
                        f.add(d.ref() + ": a Secret with " + k + " (" + String.join(", ", fieldNames(d.node().path(k)))
                                + "): secret values do not belong in the manifests");
                    }
                }
            }
            if (d.is("v1", "ConfigMap")) {
                for (String k : fieldNames(d.node().path("data"))) {
                    if (looksSecret(k) && !d.node().path("data").path(k).asText().isEmpty()) {
                        f.add(d.ref() + ": data." + k + ": a literal value under a secret-looking key");
                    }
                }
            }
            walk(d.node(), "", (path, node) -> {
                if (node.isObject() && node.path("name").isTextual() && node.has("value") && node.path("value").isValueNode()
                        && !node.path("value").asText().isEmpty() && looksSecret(node.path("name").asText())) {
                    f.add(d.ref() + ": " + path + ": " + node.path("name").asText()
                            + " has a literal value (take it from a secretKeyRef)");
                }
            });
        }
        return CheckResult.of("no-secret-values",
                "no Secret with data/stringData; no secret-looking env var (PASSWORD, SECRET, TOKEN, JAAS, KEY) with a literal value",
                f, "none found");
    }

    /**
     * The paths a route may send to a family-aid service, and to Keycloak (its realm's public endpoints, not the admin
     * console nor other realms).
     */
    static final List<String> API_PATHS = List.of("/api/v1/", "/hsa");
    static final List<String> KEYCLOAK_PATHS = List.of("/realms/family-aid/", "/resources/");

    CheckResult routes() {
        List<String> f = new ArrayList<>();
        Set<String> keycloak = docs.stream().filter(d -> d.kind().equals("Keycloak") && d.apiVersion().startsWith("k8s.keycloak.org/"))
                .map(d -> d.name() + "-service").collect(Collectors.toSet());
        int n = 0;
        for (Doc d : docs) {
            if (d.kind().equals("HTTPRoute") && d.apiVersion().startsWith("gateway.networking.k8s.io/")) {
                int r = 0;
                for (JsonNode rule : d.at("/spec/rules")) {
                    String at = "spec.rules[" + r++ + "]";
                    List<String> allowed = allowedPaths(d, at, rule.path("backendRefs"), keycloak, f);
                    if (rule.path("matches").isEmpty()) {
                        f.add(d.ref() + ": " + at + " has no matches: it routes every path (/), /q included");
                        continue;
                    }
                    int m = 0;
                    for (JsonNode match : rule.path("matches")) {
                        n++;
                        String mat = at + ".matches[" + m++ + "].path";
                        String type = match.path("path").path("type").asText("PathPrefix");
                        String value = match.path("path").path("value").asText("/");
                        String p = pathProblem(value, allowed);
                        if (type.equals("RegularExpression")) {
                            f.add(d.ref() + ": " + mat + ": a RegularExpression path '" + value
                                    + "' cannot be proven to keep /q out");
                        } else if (p != null) {
                            f.add(d.ref() + ": " + mat + ": " + type + " '" + value + "' " + p);
                        }
                    }
                    int x = 0;
                    for (JsonNode filter : rule.path("filters")) {
                        JsonNode rw = filter.path("urlRewrite").path("path");
                        for (String k : List.of("replaceFullPath", "replacePrefixMatch")) {
                            String v = rw.path(k).asText(null);
                            if (v != null && (v.equals("/") || v.equals("/q") || v.startsWith("/q/"))) {
                                f.add(d.ref() + ": " + at + ".filters[" + x + "].urlRewrite.path." + k + " rewrites to '" + v
                                        + "' (/q is not routed)");
                            }
                        }
                        x++;
                    }
                }
            }
            if (d.is("networking.k8s.io/v1", "Ingress")) {
                if (d.at("/spec/defaultBackend").isObject()) {
                    f.add(d.ref() + ": spec.defaultBackend routes every path (/), /q included");
                }
                int r = 0;
                for (JsonNode rule : d.at("/spec/rules")) {
                    int p = 0;
                    for (JsonNode path : rule.path("http").path("paths")) {
                        n++;
                        String at = "spec.rules[" + r + "].http.paths[" + p++ + "]";
                        JsonNode backend = path.path("backend").path("service");
                        JsonNode ref = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(
                                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                        .put("name", backend.path("name").asText())
                                        .set("port", backend.path("port").path("number")));
                        List<String> allowed = allowedPaths(d, at, ref, keycloak, f);
                        String value = path.path("path").asText("/");
                        String problem = pathProblem(value, allowed);
                        if (problem != null) {
                            f.add(d.ref() + ": " + at + ".path '" + value + "' " + problem);
                        }
                    }
                    r++;
                }
            }
            if (d.is("v1", "Service") && serviceOf(d) != null) {
                String type = d.at("/spec/type").asText("ClusterIP");
                if (!type.equals("ClusterIP")) {
                    f.add(d.ref() + ": spec.type " + type + " exposes the service (and its /q) past the Gateway");
                }
            }
        }
        return CheckResult.of("routes", "/q is not routed: no path /, /q or /q/...; paths to the services under /api/v1/"
                + " or /hsa, to Keycloak under " + KEYCLOAK_PATHS.get(0) + " or " + KEYCLOAK_PATHS.get(1), f,
                n + " path match(es)");
    }

    /** The path prefixes a rule's backends allow; a backend that is neither a service nor Keycloak is a failure. */
    private List<String> allowedPaths(Doc d, String at, JsonNode backendRefs, Set<String> keycloak, List<String> f) {
        boolean api = false;
        boolean kc = false;
        for (JsonNode b : backendRefs) {
            String name = b.path("name").asText();
            String kind = b.path("kind").asText("Service");
            if (kind.equals("Service") && services.contains(name)) {
                api = true;
                int port = b.path("port").asInt(-1);
                docs.stream().filter(s -> s.is("v1", "Service") && s.name().equals(name) && s.namespace().equals(d.namespace()))
                        .flatMap(s -> java.util.stream.StreamSupport.stream(s.at("/spec/ports").spliterator(), false))
                        .filter(p -> p.path("port").asInt() == port && !p.path("name").asText("http").equals("http"))
                        .forEach(p -> f.add(d.ref() + ": " + at + " routes to port " + port + " (" + p.path("name").asText()
                                + ") of " + name + ", not its http port"));
            } else if (kind.equals("Service") && keycloak.contains(name)) {
                kc = true;
            } else {
                f.add(d.ref() + ": " + at + " routes to " + kind + " " + name
                        + ", neither a family-aid service nor Keycloak: its paths cannot be proven");
            }
        }
        if (api && kc) {
            f.add(d.ref() + ": " + at + " routes to both a service and Keycloak");
        }
        return kc && !api ? KEYCLOAK_PATHS : API_PATHS;
    }

    CheckResult podSecurity() {
        List<String> f = new ArrayList<>();
        for (Doc d : serviceDeployments()) {
            JsonNode pod = podSpec(d);
            for (Container c : containers(d)) {
                JsonNode sc = c.node().path("securityContext");
                boolean nonRoot = sc.has("runAsNonRoot") ? sc.path("runAsNonRoot").asBoolean(false)
                        : pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
                String at = d.ref() + " " + c + ": securityContext";
                if (!nonRoot) {
                    f.add(at + ".runAsNonRoot is not true (neither the container's nor the pod's)");
                }
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                    f.add(at + ".readOnlyRootFilesystem is not true");
                }
                if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                    f.add(at + ".allowPrivilegeEscalation is not false");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    f.add(at + ".privileged is true");
                }
                boolean dropAll = false;
                for (JsonNode cap : sc.path("capabilities").path("drop")) {
                    dropAll |= cap.asText().equals("ALL");
                }
                if (!dropAll) {
                    f.add(at + ".capabilities.drop does not contain ALL");
                }
            }
        }
        return CheckResult.of("pod-security",
                "service containers: runAsNonRoot, readOnlyRootFilesystem, no privilege escalation, capabilities drop ALL", f,
                serviceDeployments().size() + " Deployment(s)");
    }

    CheckResult resources() {
        List<String> f = new ArrayList<>();
        for (Doc d : serviceDeployments()) {
            for (Container c : containers(d)) {
                JsonNode r = c.node().path("resources");
                for (String k : List.of("requests/cpu", "requests/memory", "limits/memory")) {
                    if (r.at("/" + k).asText("").isEmpty()) {
                        f.add(d.ref() + " " + c + ": no resources." + k.replace('/', '.'));
                    }
                }
            }
        }
        return CheckResult.of("resources", "service containers have cpu and memory requests and a memory limit", f,
                serviceDeployments().size() + " Deployment(s)");
    }

    CheckResult startupProbe() {
        List<String> f = new ArrayList<>();
        for (Doc d : serviceDeployments()) {
            for (Container c : containers(d)) {
                if (c.list().equals("containers") && !c.node().path("startupProbe").isObject()) {
                    f.add(d.ref() + " " + c + ": no startupProbe");
                }
            }
        }
        return CheckResult.of("startup-probe", "service containers have a startupProbe", f,
                serviceDeployments().size() + " Deployment(s)");
    }

    CheckResult pdb() {
        List<String> f = new ArrayList<>();
        for (Doc d : serviceDeployments()) {
            JsonNode labels = d.at("/spec/template/metadata/labels");
            boolean found = docs.stream().anyMatch(p -> p.is("policy/v1", "PodDisruptionBudget")
                    && p.namespace().equals(d.namespace()) && selects(p.at("/spec/selector"), labels));
            if (!found) {
                f.add(d.ref() + ": no PodDisruptionBudget (policy/v1) selects its pods " + labels);
            }
        }
        return CheckResult.of("pdb", "every service Deployment has a PodDisruptionBudget", f,
                serviceDeployments().size() + " Deployment(s)");
    }

    CheckResult hpa() {
        List<String> f = new ArrayList<>();
        for (Doc d : serviceDeployments()) {
            boolean found = docs.stream().anyMatch(h -> h.is("autoscaling/v2", "HorizontalPodAutoscaler")
                    && h.namespace().equals(d.namespace())
                    && h.at("/spec/scaleTargetRef/kind").asText().equals("Deployment")
                    && h.at("/spec/scaleTargetRef/apiVersion").asText("apps/v1").equals("apps/v1")
                    && h.at("/spec/scaleTargetRef/name").asText().equals(d.name()));
            if (!found) {
                f.add(d.ref() + ": no HorizontalPodAutoscaler (autoscaling/v2) targets it");
            }
        }
        return CheckResult.of("hpa", "every service Deployment has an HPA targeting it", f,
                serviceDeployments().size() + " Deployment(s)");
    }

    CheckResult networkPolicy() {
        List<String> f = new ArrayList<>();
        for (Doc d : serviceDeployments()) {
            JsonNode labels = d.at("/spec/template/metadata/labels");
            boolean found = docs.stream().anyMatch(p -> p.is("networking.k8s.io/v1", "NetworkPolicy")
                    && p.namespace().equals(d.namespace()) && !emptySelector(p.at("/spec/podSelector"))
                    && selects(p.at("/spec/podSelector"), labels));
            if (!found) {
                f.add(d.ref() + ": no NetworkPolicy with a non-empty podSelector selects its pods " + labels);
            }
        }
        return CheckResult.of("network-policy", "every service Deployment is selected by a NetworkPolicy of its own", f,
                serviceDeployments().size() + " Deployment(s)");
    }

    CheckResult defaultDeny() {
        List<String> f = new ArrayList<>();
        Set<String> namespaces = serviceDeployments().stream().map(Doc::namespace).collect(Collectors.toCollection(TreeSet::new));
        if (namespaces.isEmpty()) {
            namespaces = docs.stream().map(Doc::namespace).collect(Collectors.toCollection(TreeSet::new));
        }
        for (String ns : namespaces) {
            boolean found = docs.stream().anyMatch(p -> p.is("networking.k8s.io/v1", "NetworkPolicy")
                    && p.namespace().equals(ns) && emptySelector(p.at("/spec/podSelector"))
                    && texts(p.at("/spec/policyTypes")).containsAll(List.of("Ingress", "Egress"))
                    && p.at("/spec/ingress").isEmpty() && p.at("/spec/egress").isEmpty());
            if (!found) {
                f.add("namespace " + ns + ": no default-deny NetworkPolicy (podSelector {}, policyTypes [Ingress, Egress],"
                        + " no ingress or egress rule)");
            }
        }
        return CheckResult.of("default-deny", "a default-deny NetworkPolicy exists", f, "namespace(s) " + namespaces);
    }

    CheckResult pgBackup() {
        List<String> f = new ArrayList<>();
        List<Doc> clusters = docs.stream().filter(this::isCnpgCluster).toList();
        if (clusters.isEmpty()) {
            f.add("no CloudNativePG Cluster (postgresql.cnpg.io/v1) in this file");
        }
        for (Doc c : clusters) {
            JsonNode store = c.at("/spec/backup/barmanObjectStore");
            if (!store.isObject() || store.path("destinationPath").asText("").isEmpty()) {
                f.add(c.ref() + ": no spec.backup.barmanObjectStore (with destinationPath): no WAL archiving");
            }
            List<Doc> scheduled = docs.stream().filter(s -> s.is("postgresql.cnpg.io/v1", "ScheduledBackup")
                    && s.namespace().equals(c.namespace()) && s.at("/spec/cluster/name").asText().equals(c.name())).toList();
            if (scheduled.isEmpty()) {
                f.add(c.ref() + ": no ScheduledBackup references it (spec.cluster.name: " + c.name() + ")");
            }
            for (Doc s : scheduled) {
                String method = s.at("/spec/method").asText("barmanObjectStore");
                if (!method.equals("barmanObjectStore")) {
                    f.add(s.ref() + ": spec.method " + method + " does not back up to the barmanObjectStore");
                }
            }
        }
        for (Doc s : docs) {
            if (s.is("postgresql.cnpg.io/v1", "ScheduledBackup") && clusters.stream().noneMatch(
                    c -> c.namespace().equals(s.namespace()) && c.name().equals(s.at("/spec/cluster/name").asText()))) {
                f.add(s.ref() + ": spec.cluster.name '" + s.at("/spec/cluster/name").asText() + "' is no Cluster of this file");
            }
        }
        return CheckResult.of("pg-backup",
                "every CloudNativePG Cluster archives WAL (backup.barmanObjectStore) and has a ScheduledBackup", f,
                clusters.size() + " Cluster(s)");
    }

    CheckResult pgSyncReplicas() {
        List<String> f = new ArrayList<>();
        List<Doc> wallet = docs.stream().filter(this::isCnpgCluster).filter(c -> c.name().startsWith("wallet")).toList();
        if (wallet.isEmpty() && services.contains("wallet-service")) {
            f.add("no CloudNativePG Cluster of wallet-service (a Cluster named wallet*) in this file");
        }
        for (Doc c : wallet) {
            int min = c.at("/spec/minSyncReplicas").asInt(0);
            JsonNode sync = c.at("/spec/postgresql/synchronous");
            boolean modern = sync.path("number").asInt(0) >= 1 && !sync.path("dataDurability").asText("").equals("preferred");
            if (min < 1 && !modern) {
                f.add(c.ref() + ": spec.minSyncReplicas is " + (c.at("/spec/minSyncReplicas").isMissingNode() ? "unset" : min)
                        + ": a commit on the ledger would not wait for a synchronous standby (needs >= 1)");
            }
            if (c.at("/spec/instances").asInt(1) < 2) {
                f.add(c.ref() + ": spec.instances < 2: no standby to replicate synchronously to");
            }
        }
        return CheckResult.of("pg-sync-replicas", "the wallet cluster keeps minSyncReplicas >= 1", f,
                wallet.stream().map(Doc::name).toList().toString());
    }

    CheckResult realmImport() {
        String desc = "the KeycloakRealmImport has no users, no client secret, no client family-aid-face";
        List<Doc> imports = docs.stream().filter(d -> d.kind().equals("KeycloakRealmImport")
                && d.apiVersion().startsWith("k8s.keycloak.org/")).toList();
        if (imports.isEmpty()) {
            return CheckResult.na("realm-import", desc, "no KeycloakRealmImport in this file");
        }
        List<String> f = new ArrayList<>();
        for (Doc d : imports) {
            JsonNode realm = d.at("/spec/realm");
            if (realm.path("users").size() > 0) {
                f.add(d.ref() + ": spec.realm.users has " + realm.path("users").size() + " user(s)");
            }
            int i = 0;
            for (JsonNode c : realm.path("clients")) {
                String at = d.ref() + ": spec.realm.clients[" + i++ + "] (" + c.path("clientId").asText() + ")";
                if (!c.path("secret").asText("").isEmpty()) {
                    f.add(at + " has a secret");
                }
                if (c.path("clientId").asText().equals("family-aid-face")) {
                    f.add(at + ": family-aid-face is the local stand-in that stamps acr=face");
                }
            }
            i = 0;
            for (JsonNode p : realm.path("identityProviders")) {
                if (!p.path("config").path("clientSecret").asText("").isEmpty()) {
                    f.add(d.ref() + ": spec.realm.identityProviders[" + i + "].config.clientSecret is a literal");
                }
                i++;
            }
        }
        return CheckResult.of("realm-import", desc, f, imports.size() + " KeycloakRealmImport(s)");
    }

    // ---------------------------------------------------------------- helpers

    /** A container of a pod spec: which list it is in, its index and name. */
    record Container(String list, int index, JsonNode node) {
        @Override
        public String toString() {
            return list + "[" + index + "] " + node.path("name").asText();
        }
    }

    List<Doc> serviceDeployments() {
        return docs.stream().filter(d -> d.is("apps/v1", "Deployment") && serviceOf(d) != null).toList();
    }

    /** The family-aid service a workload or Service belongs to, or null. */
    String serviceOf(Doc d) {
        List<JsonNode> labelSets = List.of(d.at("/metadata/labels"), templateMetadata(d).path("labels"));
        for (JsonNode labels : labelSets) {
            String n = labels.path("app.kubernetes.io/name").asText("");
            if (services.contains(n)) {
                return n;
            }
        }
        for (String s : services) {
            if (d.name().equals(s) || d.name().startsWith(s + "-")) {
                return s;
            }
        }
        return null;
    }

    private static JsonNode templateMetadata(Doc d) {
        return switch (d.kind()) {
            case "CronJob" -> d.at("/spec/jobTemplate/spec/template/metadata");
            case "Pod" -> d.at("/metadata");
            default -> d.at("/spec/template/metadata");
        };
    }

    static JsonNode podSpec(Doc d) {
        if (!WORKLOAD_KINDS.contains(d.kind()) || !CORE_WORKLOAD_API.contains(d.apiVersion())) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return switch (d.kind()) {
            case "CronJob" -> d.at("/spec/jobTemplate/spec/template/spec");
            case "Pod" -> d.at("/spec");
            default -> d.at("/spec/template/spec");
        };
    }

    static List<Container> containers(Doc d) {
        JsonNode pod = podSpec(d);
        List<Container> out = new ArrayList<>();
        for (String list : List.of("initContainers", "containers")) {
            int i = 0;
            for (JsonNode c : pod.path(list)) {
                out.add(new Container(list, i++, c));
            }
        }
        return out;
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            m.put(e.path("name").asText(), e);
        }
        return m;
    }

    static String imageProblem(String image) {
        String ref = image;
        boolean digest = false;
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = true;
            ref = ref.substring(0, at);
        }
        String last = ref.substring(ref.lastIndexOf('/') + 1);
        int colon = last.lastIndexOf(':');
        String tag = colon >= 0 ? last.substring(colon + 1) : null;
        if ("latest".equals(tag)) {
            return "is tagged latest";
        }
        if ((tag == null || tag.isEmpty()) && !digest) {
            return "has no tag (that is latest)";
        }
        return null;
    }

    static String pathProblem(String value, List<String> allowed) {
        if (value.equals("/") || value.isEmpty()) {
            return "routes every path, /q included";
        }
        if (value.equals("/q") || value.startsWith("/q/") || value.startsWith("/q?")) {
            return "routes /q (health, metrics, OpenAPI are not to be reachable from outside)";
        }
        for (String a : allowed) {
            // a prefix ending in "/" admits what is under it; one without admits itself and what is under it
            String dir = a.endsWith("/") ? a : a + "/";
            if (value.startsWith(dir) || value.equals(a) || value.equals(a.replaceAll("/$", ""))) {
                return null;
            }
        }
        return "is neither under " + String.join(" nor ", allowed);
    }

    static boolean looksSecret(String name) {
        for (String t : name.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
            if (t.contains("JAAS")) {
                return true;
            }
            for (String w : SECRET_WORDS) {
                if (t.endsWith(w)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isCnpgCluster(Doc d) {
        return d.is("postgresql.cnpg.io/v1", "Cluster");
    }

    private static boolean isStrimzi(Doc d, String kind) {
        return d.kind().equals(kind) && d.apiVersion().startsWith("kafka.strimzi.io/");
    }

    static boolean emptySelector(JsonNode selector) {
        return selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty();
    }

    /** Whether a label selector (matchLabels, matchExpressions) selects a set of labels; a missing selector selects none. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) selector.path("matchLabels")::fields) {
            if (!Objects.equals(labels.path(e.getKey()).asText(null), e.getValue().asText())) {
                return false;
            }
        }
        for (JsonNode x : selector.path("matchExpressions")) {
            String key = x.path("key").asText();
            Optional<String> v = Optional.ofNullable(labels.path(key).asText(null));
            Set<String> values = new HashSet<>(texts(x.path("values")));
            boolean ok = switch (x.path("operator").asText()) {
                case "In" -> v.isPresent() && values.contains(v.get());
                case "NotIn" -> v.isEmpty() || !values.contains(v.get());
                case "Exists" -> v.isPresent();
                case "DoesNotExist" -> v.isEmpty();
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String lastField(String path) {
        int dot = path.lastIndexOf('.');
        return dot >= 0 ? path.substring(dot + 1) : path;
    }

    /** Visits every node of a tree with its path (spec.template.spec.containers[0].image). */
    static void walk(JsonNode n, String path, BiConsumer<String, JsonNode> visit) {
        visit.accept(path, n);
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), visit));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), path + "[" + i + "]", visit);
            }
        }
    }
}
