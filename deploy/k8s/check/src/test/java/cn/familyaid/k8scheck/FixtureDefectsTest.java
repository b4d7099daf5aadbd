package cn.familyaid.k8scheck;

import static cn.familyaid.k8scheck.Plant.arr;
import static cn.familyaid.k8scheck.Plant.container;
import static cn.familyaid.k8scheck.Plant.env;
import static cn.familyaid.k8scheck.Plant.find;
import static cn.familyaid.k8scheck.Plant.first;
import static cn.familyaid.k8scheck.Plant.obj;
import static cn.familyaid.k8scheck.Plant.remove;
import static cn.familyaid.k8scheck.Plant.removeEnv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small valid rendering (src/test/resources/fixture/valid.yaml, two services) passes every check; each test plants
 * one defect and asserts that exactly the check that guards against it fails, with a message naming object and field.
 */
class FixtureDefectsTest {

    static Checker checker;
    static String valid;

    @BeforeAll
    static void load() throws Exception {
        checker = Checker.load(Path.of("crds"), Path.of("src/test/resources/fixture/acl-matrix.csv"), "family-aid");
        valid = Files.readString(Path.of("src/test/resources/fixture/valid.yaml"));
    }

    static Checker.FileReport check(String yaml) {
        return checker.check("fixture.yaml", yaml);
    }

    /** Plants the defect and asserts the failing checks are {@code checks} and some message has every fragment. */
    static void assertCaught(Consumer<List<JsonNode>> defect, Set<String> checks, String... fragments) {
        Checker.FileReport r = check(Plant.planted(valid, defect));
        Set<String> failing = r.results().stream().filter(c -> c.status() == CheckResult.Status.FAIL)
                .map(CheckResult::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(checks), failing, () -> "failures: " + String.join("\n", r.failures()));
        assertTrue(r.failures().stream().anyMatch(m -> List.of(fragments).stream().allMatch(m::contains)),
                () -> "no failure message with " + List.of(fragments) + " in:\n" + String.join("\n", r.failures()));
    }

    static void assertCaught(Consumer<List<JsonNode>> defect, String check, String... fragments) {
        assertCaught(defect, Set.of(check), fragments);
    }

    @Test
    void theValidFixturePassesEveryCheck() {
        Checker.FileReport r = check(valid);
        assertEquals(List.of(), r.failures());
        assertEquals(r.objects(), r.valid());
        assertEquals(32, r.objects());
        r.results().forEach(c -> assertEquals(CheckResult.Status.PASS, c.status(), c.name() + ": " + c.note()));
    }

    // ------------------------------------------------------------ the defects named in the brief

    @Test
    void aServiceContainerWithoutDbPassword() {
        assertCaught(d -> removeEnv(container(d, "binding-service"), "DB_PASSWORD"), "db-credentials",
                "Deployment family-aid/binding-service", "containers[0] binding-service", "no env DB_PASSWORD");
    }

    @Test
    void bindingServiceMayWriteTheSettlementLedgerCommands() {
        assertCaught(d -> arr(find(d, "KafkaUser", "binding-service"), "/spec/authorization/acls").addObject()
                        .<ObjectNode>set("resource", Plant.node("{type: topic, name: ledger.commands.settlement, patternType: literal}"))
                        .set("operations", Plant.node("[Write]")),
                "kafka-acls", "KafkaUser family-aid/binding-service", "extra ACL topic ledger.commands.settlement (literal) Write");
    }

    @Test
    void anUnknownFieldInADeployment() {
        assertCaught(d -> container(d, "binding-service").put("imagePulPolicy", "IfNotPresent"), "schema",
                "Deployment family-aid/binding-service", "unknown field spec.template.spec.containers[0].imagePulPolicy");
        assertCaught(d -> obj(find(d, "Deployment", "wallet-service"), "/spec").put("replica", 2), "schema",
                "Deployment family-aid/wallet-service", "unknown field spec.replica");
    }

    @Test
    void anUnknownFieldInTheKafkaCr() {
        assertCaught(d -> obj(first(d, "Kafka"), "/spec/kafka/listeners/0").put("tlsEnabled", true), "schema",
                "Kafka family-aid/family-aid", "spec.kafka.listeners[0]", "unknown field 'tlsEnabled'");
        assertCaught(d -> obj(first(d, "Kafka"), "/spec").putObject("cruiseControll"), "schema",
                "Kafka family-aid/family-aid", "unknown field 'cruiseControll'");
    }

    @Test
    void aWrongType() {
        assertCaught(d -> obj(find(d, "Deployment", "binding-service"), "/spec").put("replicas", "two"), "schema",
                "Deployment family-aid/binding-service", "wrong type at spec.replicas");
        // no coercion either: a quoted number is a string, as the API server sees it
        assertCaught(d -> obj(find(d, "Deployment", "binding-service"), "/spec").put("replicas", "2"), "schema",
                "wrong type at spec.replicas");
        assertCaught(d -> env(container(d, "wallet-service"), "JAVA_OPTS_APPEND").put("value", 70), "schema",
                "Deployment family-aid/wallet-service", "wrong type at spec.template.spec.containers[0].env[", "value");
        assertCaught(d -> obj(first(d, "KafkaNodePool"), "/spec").put("replicas", "three"), "schema",
                "KafkaNodePool family-aid/combined", "spec.replicas", "integer");
    }

    @Test
    void whatTheApiServerTakesIsNoDefect() {
        // a quantity may be a YAML number, a port a name, a PDB a percentage
        Checker.FileReport r = check(Plant.planted(valid, d -> {
            obj(container(d, "binding-service"), "/resources/requests").put("cpu", 1);
            obj(find(d, "PodDisruptionBudget", "wallet-service"), "/spec").put("minAvailable", "50%");
            obj(find(d, "NetworkPolicy", "binding-service"), "/spec/ingress/0/ports/0").put("port", "http");
        }));
        assertEquals(List.of(), r.failures());
        assertCaught(d -> obj(container(d, "binding-service"), "/resources/requests").put("cpu", "lots"), "schema",
                "wrong type at spec.template.spec.containers[0].resources.requests.cpu", "not a quantity");
        assertCaught(d -> obj(container(d, "binding-service"), "/resources/requests").putObject("cpu").put("m", 250),
                Set.of("schema", "resources"), "wrong type at spec.template.spec.containers[0].resources.requests.cpu");
    }

    @Test
    void aRouteForQMetrics() {
        assertCaught(d -> arr(first(d, "HTTPRoute"), "/spec/rules/0/matches").addObject().putObject("path")
                .put("type", "PathPrefix").put("value", "/q/metrics"), "routes", "HTTPRoute family-aid/family-aid-api",
                "spec.rules[0].matches[1].path", "/q/metrics", "routes /q");
    }

    @Test
    void aLiteralKafkaSaslJaasConfig() {
        assertCaught(d -> {
            ObjectNode e = env(container(d, "wallet-service"), "KAFKA_SASL_JAAS_CONFIG");
            e.remove("valueFrom");
            e.put("value", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"wallet-service\" password=\"s3cret\";");
        }, "no-secret-values", "Deployment family-aid/wallet-service", "env[", "KAFKA_SASL_JAAS_CONFIG has a literal value");
    }

    @Test
    void imagePullPolicyAlways() {
        assertCaught(d -> container(d, "binding-service").put("imagePullPolicy", "Always"), "image-pull-policy",
                "Deployment family-aid/binding-service", "spec.template.spec.containers[0].imagePullPolicy");
    }

    // ------------------------------------------------------------ more defects, one per remaining property

    @Test
    void aMissingAclAndForeignKafkaUsers() {
        assertCaught(d -> arr(find(d, "KafkaUser", "wallet-service"), "/spec/authorization/acls").remove(3), "kafka-acls",
                "KafkaUser family-aid/wallet-service", "missing ACL group wallet-ledger- (prefixed) Read");
        assertCaught(d -> find(d, "KafkaUser", "binding-service").with("metadata").put("name", "audit-service"),
                "kafka-acls", "KafkaUser audit-service is no principal of acl-matrix.csv");
        assertCaught(d -> obj(find(d, "KafkaUser", "binding-service"), "/spec/authentication").put("type", "tls"),
                "kafka-acls", "spec.authentication.type is 'tls', not scram-sha-512");
        assertCaught(d -> arr(find(d, "KafkaUser", "binding-service"), "/spec/authorization/acls").addObject()
                        .<ObjectNode>set("resource", Plant.node("{type: topic, name: person.changed}"))
                        .set("operations", Plant.node("[Read]")),
                "kafka-acls", "extra ACL topic person.changed (literal) Read");
        // a test-scope row of the matrix is not the cluster's
        assertCaught(d -> arr(find(d, "KafkaUser", "binding-service"), "/spec/authorization/acls").addObject()
                        .<ObjectNode>set("resource", Plant.node("{type: topic, name: outbox.relay.test}"))
                        .set("operations", Plant.node("[Write]")),
                "kafka-acls", "extra ACL topic outbox.relay.test (literal) Write");
    }

    @Test
    void aKafkaListenerWithoutTlsOrAuthentication() {
        assertCaught(d -> obj(first(d, "Kafka"), "/spec/kafka/listeners/0").put("tls", false), "kafka-listeners",
                "spec.kafka.listeners[0] (scram) has no TLS");
        assertCaught(d -> obj(first(d, "Kafka"), "/spec/kafka/listeners/0").remove("authentication"), "kafka-listeners",
                "spec.kafka.listeners[0] (scram) has no authentication");
        assertCaught(d -> obj(first(d, "Kafka"), "/spec/kafka").remove("authorization"), "kafka-listeners",
                "spec.kafka.authorization.type is '', not simple");
    }

    @Test
    void dbUserNotFromASecret() {
        assertCaught(d -> {
            ObjectNode e = env(container(d, "wallet-service"), "DB_USER");
            e.remove("valueFrom");
            e.put("value", "familyaid");
        }, "db-credentials", "wallet-service", "env DB_USER is not from a secretKeyRef");
    }

    @Test
    void imagesTaggedLatestOrUntagged() {
        assertCaught(d -> container(d, "binding-service").put("image", "registry.family-aid.local/family-aid/binding-service:latest"),
                "image-tags", "is tagged latest");
        assertCaught(d -> container(d, "binding-service").put("image", "registry.family-aid.local:5000/family-aid/binding-service"),
                "image-tags", "has no tag");
    }

    @Test
    void secretValues() {
        assertCaught(d -> d.add(Plant.docs("{apiVersion: v1, kind: Secret, metadata: {name: binding-db-app, namespace: family-aid},"
                + " stringData: {password: s3cret}}").get(0)), "no-secret-values", "Secret family-aid/binding-db-app",
                "stringData (password)");
        assertCaught(d -> env(container(d, "binding-service"), "OIDC_CLIENT_SECRET").put("value", "s3cret"),
                "no-secret-values", "OIDC_CLIENT_SECRET has a literal value");
    }

    @Test
    void routesOutsideTheApi() {
        assertCaught(d -> obj(first(d, "HTTPRoute"), "/spec/rules/0/matches/0/path").put("value", "/"), "routes",
                "PathPrefix '/' routes every path");
        assertCaught(d -> obj(first(d, "HTTPRoute"), "/spec/rules/0").remove("matches"), "routes",
                "spec.rules[0] has no matches");
        assertCaught(d -> obj(first(d, "HTTPRoute"), "/spec/rules/1/matches/1/path").put("value", "/q"), "routes",
                "Exact '/q' routes /q");
        assertCaught(d -> obj(first(d, "HTTPRoute"), "/spec/rules/0/matches/0/path").put("value", "/admin"), "routes",
                "'/admin' is neither under /api/v1/ nor /hsa");
        assertCaught(d -> obj(find(d, "Service", "wallet-service"), "/spec").put("type", "LoadBalancer"), "routes",
                "spec.type LoadBalancer");
        assertCaught(d -> obj(first(d, "HTTPRoute"), "/spec/rules/0/backendRefs/0").put("port", 9081), "routes",
                "routes to port 9081 (management) of binding-service");
        assertCaught(d -> obj(first(d, "HTTPRoute"), "/spec/rules/0/backendRefs/0").put("name", "grafana"), "routes",
                "routes to Service grafana, neither a family-aid service nor Keycloak");
        // Keycloak: its realm's public endpoints only
        assertCaught(d -> obj(find(d, "HTTPRoute", "family-aid-auth"), "/spec/rules/0/matches/0/path").put("value", "/admin/"),
                "routes", "HTTPRoute family-aid/family-aid-auth", "'/admin/' is neither under /realms/family-aid/ nor /resources/");
        assertCaught(d -> obj(find(d, "HTTPRoute", "family-aid-auth"), "/spec/rules/0/matches/0/path").put("value", "/realms/master/"),
                "routes", "'/realms/master/' is neither under /realms/family-aid/");
        assertCaught(d -> obj(find(d, "HTTPRoute", "family-aid-auth"), "/spec/rules/0/matches/1/path").put("value", "/api/v1/wallets"),
                "routes", "'/api/v1/wallets' is neither under /realms/family-aid/");
    }

    @Test
    void podSecurityResourcesAndProbes() {
        assertCaught(d -> obj(container(d, "binding-service"), "/securityContext").put("readOnlyRootFilesystem", false),
                "pod-security", "binding-service", "securityContext.readOnlyRootFilesystem is not true");
        assertCaught(d -> container(d, "binding-service").remove("securityContext"), "pod-security",
                "securityContext.allowPrivilegeEscalation is not false");
        assertCaught(d -> obj(container(d, "wallet-service"), "/resources").remove("limits"), "resources",
                "wallet-service", "no resources.limits.memory");
        assertCaught(d -> container(d, "wallet-service").remove("startupProbe"), "startup-probe",
                "wallet-service", "no startupProbe");
    }

    @Test
    void missingPdbHpaAndNetworkPolicies() {
        assertCaught(d -> remove(d, "PodDisruptionBudget", "binding-service"), "pdb",
                "Deployment family-aid/binding-service", "no PodDisruptionBudget");
        assertCaught(d -> obj(find(d, "PodDisruptionBudget", "binding-service"), "/spec/selector/matchLabels")
                .put("app.kubernetes.io/name", "binding"), "pdb", "binding-service", "no PodDisruptionBudget");
        assertCaught(d -> remove(d, "HorizontalPodAutoscaler", "wallet-service"), "hpa",
                "Deployment family-aid/wallet-service", "no HorizontalPodAutoscaler");
        assertCaught(d -> remove(d, "NetworkPolicy", "wallet-service"), "network-policy",
                "Deployment family-aid/wallet-service", "no NetworkPolicy");
        assertCaught(d -> remove(d, "NetworkPolicy", "default-deny"), "default-deny", "no default-deny NetworkPolicy");
        assertCaught(d -> obj(find(d, "NetworkPolicy", "default-deny"), "/spec").putArray("policyTypes").add("Ingress"),
                "default-deny", "no default-deny NetworkPolicy");
    }

    @Test
    void databaseBackupsAndSynchronousReplication() {
        assertCaught(d -> obj(find(d, "Cluster", "binding-db"), "/spec").remove("backup"), "pg-backup",
                "Cluster family-aid/binding-db", "no spec.backup.barmanObjectStore");
        assertCaught(d -> remove(d, "ScheduledBackup", "wallet-db-daily"), "pg-backup",
                "Cluster family-aid/wallet-db", "no ScheduledBackup references it");
        assertCaught(d -> obj(find(d, "Cluster", "wallet-db"), "/spec").put("minSyncReplicas", 0).put("maxSyncReplicas", 0),
                "pg-sync-replicas", "Cluster family-aid/wallet-db", "spec.minSyncReplicas is 0");
    }

    @Test
    void aRealmImportWithUsersSecretsOrTheFaceStandIn() {
        assertCaught(d -> obj(first(d, "KeycloakRealmImport"), "/spec/realm").putArray("users").addObject()
                .put("username", "demo").put("enabled", true), "realm-import", "spec.realm.users has 1 user(s)");
        assertCaught(d -> obj(first(d, "KeycloakRealmImport"), "/spec/realm/clients/0").put("secret", "s3cret"),
                "realm-import", "spec.realm.clients[0] (family-aid-api) has a secret");
        assertCaught(d -> arr(first(d, "KeycloakRealmImport"), "/spec/realm/clients").addObject()
                .put("clientId", "family-aid-face").put("publicClient", true), "realm-import", "family-aid-face");
    }

    @Test
    void unknownKindsAndVersions() {
        assertCaught(d -> d.add(Plant.docs("{apiVersion: example.com/v1, kind: Widget, metadata: {name: w, namespace: family-aid}}")
                .get(0)), "schema", "example.com/v1 Widget family-aid/w", "unknown kind");
        // an HPA of autoscaling/v1 is not the v2 the checks ask for: unknown to the checker and no HPA for binding-service
        assertCaught(d -> find(d, "HorizontalPodAutoscaler", "binding-service").put("apiVersion", "autoscaling/v1"),
                Set.of("schema", "hpa"), "autoscaling/v1 HorizontalPodAutoscaler", "unknown kind");
        // a Kafka of a version the pinned Strimzi does not serve
        assertCaught(d -> first(d, "Kafka").put("apiVersion", "kafka.strimzi.io/v1beta1"), "schema",
                "unknown kind", "the CRDs serve Kafka as [kafka.strimzi.io/v1, kafka.strimzi.io/v1beta2]");
    }

    @Test
    void unknownFieldsInOtherCustomResources() {
        assertCaught(d -> obj(first(d, "HTTPRoute"), "/spec/rules/0/matches/0/path").put("prefix", true), "schema",
                "HTTPRoute family-aid/family-aid-api", "unknown field 'prefix'");
        assertCaught(d -> obj(find(d, "Cluster", "wallet-db"), "/spec").put("minSyncReplica", 1), "schema",
                "Cluster family-aid/wallet-db", "unknown field 'minSyncReplica'");
        assertCaught(d -> obj(first(d, "Keycloak"), "/spec").put("replicas", 2), "schema",
                "Keycloak family-aid/family-aid-keycloak", "unknown field 'replicas'");
        assertCaught(d -> obj(first(d, "KafkaTopic"), "/spec").put("partitions", "12"), "schema",
                "KafkaTopic family-aid/ledger-commands-settlement", "spec.partitions", "integer");
        assertCaught(d -> obj(first(d, "Kafka"), "/metadata").put("lables", "x"), "schema",
                "Kafka family-aid/family-aid", "unknown field metadata.lables");
        // Strimzi spells the prefixed pattern "prefix"
        assertCaught(d -> obj(find(d, "KafkaUser", "wallet-service"), "/spec/authorization/acls/3/resource")
                .put("patternType", "prefixed"), "schema", "patternType", "enumeration");
    }

    @Test
    void duplicateKeysAndObjects() {
        Checker.FileReport r = check(valid + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n");
        assertEquals(CheckResult.Status.FAIL, r.result("schema").status());
        assertTrue(r.result("schema").failures().get(0).contains("Duplicate field 'name'"), r.failures().toString());
        assertCaught(d -> d.add(find(d, "ConfigMap", "family-aid-settings").deepCopy()), "schema",
                "ConfigMap family-aid/family-aid-settings", "the same object as");
    }
}
