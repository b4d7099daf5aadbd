package cn.familyaid.k8scheck;

import static cn.familyaid.k8scheck.Plant.arr;
import static cn.familyaid.k8scheck.Plant.container;
import static cn.familyaid.k8scheck.Plant.env;
import static cn.familyaid.k8scheck.Plant.find;
import static cn.familyaid.k8scheck.Plant.first;
import static cn.familyaid.k8scheck.Plant.obj;
import static cn.familyaid.k8scheck.Plant.removeEnv;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The defects of the brief planted into the real rendered output (the files deploy/k8s/check/run passes in
 * {@code -Dk8s.check.rendered}, checked against the real deploy/kafka/acl-matrix.csv): each must add a failure that
 * the unaltered file does not have, whatever else that file still fails.
 */
class RenderedDefectsTest {

    record Defect(String name, Consumer<List<JsonNode>> plant, String... fragments) {
    }

    static final List<Defect> DEFECTS = List.of(
            new Defect("DB_PASSWORD removed from a service container",
                    d -> removeEnv(container(d, "binding-service"), "DB_PASSWORD"),
                    "db-credentials: ", "Deployment", "binding-service", "no env DB_PASSWORD"),
            new Defect("binding-service given Write on ledger.commands.settlement",
                    d -> arr(find(d, "KafkaUser", "binding-service"), "/spec/authorization/acls").addObject()
                            .<ObjectNode>set("resource", Plant.node("{type: topic, name: ledger.commands.settlement, patternType: literal}"))
                            .set("operations", Plant.node("[Write]")),
                    "kafka-acls: ", "KafkaUser", "binding-service", "extra ACL topic ledger.commands.settlement (literal) Write"),
            new Defect("an unknown field in a Deployment",
                    d -> obj(find(d, "Deployment", "wallet-service"), "/spec/template/spec").put("hostNetwrok", true),
                    "schema: ", "Deployment", "wallet-service", "unknown field spec.template.spec.hostNetwrok"),
            new Defect("an unknown field in the Kafka CR",
                    d -> obj(first(d, "Kafka"), "/spec/kafka/listeners/0").put("tlsEnabled", true),
                    "schema: ", "Kafka", "spec.kafka.listeners[0]", "unknown field 'tlsEnabled'"),
            new Defect("replicas: \"two\"",
                    d -> obj(find(d, "Deployment", "settlement-service"), "/spec").put("replicas", "two"),
                    "schema: ", "Deployment", "settlement-service", "wrong type at spec.replicas"),
            new Defect("a route for /q/metrics",
                    d -> arr(first(d, "HTTPRoute"), "/spec/rules/0/matches").addObject().putObject("path")
                            .put("type", "PathPrefix").put("value", "/q/metrics"),
                    "routes: ", "HTTPRoute", "/q/metrics", "routes /q"),
            new Defect("a literal KAFKA_SASL_JAAS_CONFIG",
                    d -> {
                        ObjectNode e = env(container(d, "withdrawal-service"), "KAFKA_SASL_JAAS_CONFIG");
                        e.remove("valueFrom");
                        e.put("value", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"withdrawal-service\" password=\"s3cret\";");
                    },
                    "no-secret-values: ", "withdrawal-service", "KAFKA_SASL_JAAS_CONFIG has a literal value"),
            new Defect("imagePullPolicy: Always",
                    d -> container(d, "binding-service").put("imagePullPolicy", "Always"),
                    "image-pull-policy: ", "binding-service", "imagePullPolicy Always"));

    @TestFactory
    Stream<DynamicTest> eachDefectIsCaughtInEachRenderedFile() throws Exception {
        String files = System.getProperty("k8s.check.rendered", "");
        Path repo = Path.of(System.getProperty("k8s.check.repo", "../../.."));
        if (files.isBlank()) {
            return Stream.empty(); // run by deploy/k8s/check/run, which names the rendered files
        }
        Checker checker = Checker.load(Path.of("crds"), repo.resolve("deploy/kafka/acl-matrix.csv"), "family-aid");
        List<DynamicTest> tests = new ArrayList<>();
        for (String f : files.split(",")) {
            Path file = Path.of(f.strip());
            Path resolved = file.isAbsolute() ? file : repo.resolve(file);
            String yaml = Files.readString(resolved);
            Set<String> before = new HashSet<>(checker.check(f, yaml).failures());
            for (Defect defect : DEFECTS) {
                tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + defect.name(), () -> {
                    List<String> after = checker.check(f, Plant.planted(yaml, defect.plant())).failures();
                    List<String> added = after.stream().filter(m -> !before.contains(m)).toList();
                    assertTrue(added.stream().anyMatch(m -> Arrays.stream(defect.fragments()).allMatch(m::contains)),
                            () -> "no new failure with " + List.of(defect.fragments()) + "; new failures: " + added);
                }));
            }
        }
        return tests.stream();
    }
}
