package familyaid.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka broker of family-aid as it runs outside the cluster, secured: one KRaft node (broker and controller)
 * whose client listener takes SASL/SCRAM-SHA-512 only, with the {@code StandardAuthorizer} and
 * {@code allow.everyone.if.no.acl.found=false}, so that a client without credentials can't connect and a principal
 * can do only what {@code deploy/kafka/acl-matrix.csv} grants it. The same code starts the local stack's broker
 * ({@code deploy/local/up} runs this file with {@code java}) and the broker of every service's tests (compiled
 * into their test classes), and renders the matrix as Strimzi {@code KafkaUser} resources for the cluster.
 *
 * <p>The controller listener runs SASL/PLAIN with the admin's password only (KRaft controllers can't use SCRAM:
 * the credentials live in the metadata they serve). The admin is the only super user: it creates the service
 * principals, their ACLs and the topics. Principals, ACLs and topics are re-applied from the matrix at every start;
 * an ACL that the matrix no longer lists is deleted.
 *
 * <pre>
 *   java -cp 'kafka-lib/*' deploy/kafka/src/SecureKafka.java run DIR PORT CONTROLLER_PORT MATRIX
 *   java -cp 'kafka-lib/*' deploy/kafka/src/SecureKafka.java strimzi MATRIX CLUSTER_NAME
 * </pre>
 * {@code run} keeps the data under {@code DIR/data} and one generated password per principal under
 * {@code DIR/credentials/<principal>.password} (mode 600, made once), prints {@code family-aid Kafka ready} and
 * serves until it is stopped.
 */
public final class SecureKafka implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** One row of the ACL matrix. */
    public record Grant(String scope, String principal, ResourceType resource, String name, PatternType pattern,
                        AclOperation operation) {
        AclBinding binding() {
            return new AclBinding(new ResourcePattern(resource, name, pattern),
                    new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
        }
    }

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Map<String, String> passwords;

    private SecureKafka(KafkaRaftServer server, String bootstrapServers, Map<String, String> passwords) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.passwords = passwords;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Every principal's password (the admin's included). */
    public Map<String, String> passwords() {
        return Map.copyOf(passwords);
    }

    /** The password of a principal of the matrix (or of the admin). */
    public String password(String principal) {
        String p = passwords.get(principal);
        if (p == null) {
            throw new IllegalArgumentException("no such Kafka principal: " + principal);
        }
        return p;
    }

    /** Client properties (bootstrap servers and SASL) of one principal. */
    public Map<String, Object> clientProps(String principal) {
        return clientProps(bootstrapServers, principal, password(principal));
    }

    public static Map<String, Object> clientProps(String bootstrap, String user, String password) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
        return p;
    }

    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /**
     * Starts a secured broker on {@code localhost:port} with its data under {@code dir} (formatted when new), then
     * applies the matrix: a SCRAM user per principal (with the given password, or a generated one), its ACLs, and
     * the topics. {@code withTestRows} also applies the rows of scope {@code test}.
     */
    public static SecureKafka start(Path dir, int port, int controllerPort, Path matrix, Map<String, String> given,
                                    boolean withTestRows) throws Exception {
        List<Grant> grants = read(matrix, withTestRows);
        Map<String, String> passwords = new LinkedHashMap<>(given);
        passwords.computeIfAbsent(ADMIN, k -> generatePassword());
        for (Grant g : grants) {
            passwords.computeIfAbsent(g.principal(), k -> generatePassword());
        }
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        Properties props = brokerProperties(data, port, controllerPort, passwords.get(ADMIN));
        Path file = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, "written by SecureKafka at every start; holds the admin's password");
        }
        restrict(file);
        if (!Files.exists(data.resolve("meta.properties"))) {
            String[] format = {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString(), "--add-scram",
                    MECHANISM + "=[name=" + ADMIN + ",password=" + passwords.get(ADMIN) + "]"};
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            if (StorageTool.execute(format, quiet) != 0) {
                throw new IllegalStateException("formatting the Kafka storage in " + data + " failed");
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        SecureKafka kafka = new SecureKafka(server, "localhost:" + port, passwords);
        try {
            kafka.provision(grants);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    static Properties brokerProperties(Path data, int port, int controllerPort, String adminPassword) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "SASL_PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        // clients (and the broker to itself): SCRAM-SHA-512 only
        p.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", jaas(ADMIN, adminPassword));
        // the controller: PLAIN, the admin alone
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + ADMIN);
        p.put("auto.create.topics.enable", "false");
        p.put("log.dirs", data.toString());
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** SCRAM users, ACLs (exactly the matrix's) and topics. */
    void provision(List<Grant> grants) throws Exception {
        try (Admin admin = Admin.create(clientProps(ADMIN))) {
            awaitReady(admin);
            List<UserScramCredentialUpsertion> users = new ArrayList<>();
            for (Map.Entry<String, String> e : passwords.entrySet()) {
                if (!e.getKey().equals(ADMIN)) {
                    users.add(new UserScramCredentialUpsertion(e.getKey(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), e.getValue()));
                }
            }
            admin.alterUserScramCredentials(new ArrayList<>(users)).all().get(30, TimeUnit.SECONDS);

            Set<AclBinding> wanted = new LinkedHashSet<>();
            grants.forEach(g -> wanted.add(g.binding()));
            Set<AclBinding> existing = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(30, TimeUnit.SECONDS));
            List<AclBindingFilter> stale = existing.stream().filter(b -> !wanted.contains(b))
                    .map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(30, TimeUnit.SECONDS);
            }
            admin.createAcls(wanted).all().get(30, TimeUnit.SECONDS);

            Set<String> names = new LinkedHashSet<>();
            for (Grant g : grants) {
                if (g.resource() == ResourceType.TOPIC && g.pattern() == PatternType.LITERAL) {
                    names.add(g.name());
                }
            }
            names.removeAll(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            if (!names.isEmpty()) {
                List<NewTopic> create = names.stream()
                        .map(n -> new NewTopic(n, Optional.empty(), Optional.empty())).toList();
                try {
                    admin.createTopics(create).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static void awaitReady(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka broker did not become ready", e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Reads the matrix; rows of scope {@code test} only when asked. */
    public static List<Grant> read(Path matrix, boolean withTestRows) throws IOException {
        List<Grant> grants = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(matrix)) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(",", -1);
            if (f.length != 6) {
                throw new IllegalArgumentException(matrix + ":" + n + ": expected 6 columns, got " + f.length);
            }
            String scope = f[0].strip();
            if (!scope.equals("all") && !scope.equals("test")) {
                throw new IllegalArgumentException(matrix + ":" + n + ": scope must be all or test");
            }
            ResourceType resource = switch (f[2].strip()) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                default -> throw new IllegalArgumentException(matrix + ":" + n + ": resource must be topic or group");
            };
            PatternType pattern = switch (f[4].strip()) {
                case "literal" -> PatternType.LITERAL;
                case "prefixed" -> PatternType.PREFIXED;
                default -> throw new IllegalArgumentException(matrix + ":" + n + ": pattern must be literal or prefixed");
            };
            AclOperation op = switch (f[5].strip()) {
                case "Read" -> AclOperation.READ;
                case "Write" -> AclOperation.WRITE;
                default -> throw new IllegalArgumentException(matrix + ":" + n + ": operation must be Read or Write");
            };
            if (scope.equals("all") || withTestRows) {
                grants.add(new Grant(scope, f[1].strip(), resource, f[3].strip(), pattern, op));
            }
        }
        return grants;
    }

    /** The matrix's rows of scope {@code all} as Strimzi KafkaUser resources (SCRAM-SHA-512, simple authorization). */
    static String strimzi(List<Grant> grants, String cluster) {
        Map<String, List<Grant>> byPrincipal = new TreeMap<>();
        grants.forEach(g -> byPrincipal.computeIfAbsent(g.principal(), k -> new ArrayList<>()).add(g));
        StringBuilder y = new StringBuilder("# generated from deploy/kafka/acl-matrix.csv by deploy/kafka/src/SecureKafka.java; do not edit\n");
        for (Map.Entry<String, List<Grant>> e : byPrincipal.entrySet()) {
            y.append("---\napiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaUser\nmetadata:\n  name: ")
                    .append(e.getKey()).append("\n  labels:\n    strimzi.io/cluster: ").append(cluster)
                    .append("\nspec:\n  authentication:\n    type: scram-sha-512\n  authorization:\n    type: simple\n    acls:\n");
            for (Grant g : e.getValue()) {
                y.append("      - resource:\n          type: ").append(g.resource().name().toLowerCase(Locale.ROOT))
                        .append("\n          name: ").append(g.name())
                        .append("\n          patternType: ").append(g.pattern() == PatternType.PREFIXED ? "prefix" : "literal") // Strimzi's words
                        .append("\n        operations: [").append(capitalized(g.operation())).append("]\n");
            }
        }
        return y.toString();
    }

    private static String capitalized(AclOperation op) {
        String s = op.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String generatePassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system
        }
    }

    /** Passwords kept in {@code dir/<principal>.password}; missing ones are generated and written. */
    static Map<String, String> credentials(Path dir, List<Grant> grants) throws IOException {
        Files.createDirectories(dir);
        Set<String> principals = new LinkedHashSet<>();
        principals.add(ADMIN);
        grants.forEach(g -> principals.add(g.principal()));
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String p : principals) {
            Path f = dir.resolve(p + ".password");
            if (!Files.exists(f)) {
                Files.writeString(f, generatePassword());
                restrict(f);
            }
            passwords.put(p, Files.readString(f).strip());
        }
        return passwords;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("run")) {
            Path dir = Path.of(args[1]).toAbsolutePath();
            Path matrix = Path.of(args[4]);
            Map<String, String> passwords = credentials(dir.resolve("credentials"), read(matrix, false));
            SecureKafka kafka = start(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]), matrix, passwords,
                    false);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
            System.out.println("family-aid Kafka ready on " + kafka.bootstrapServers() + " (SASL/SCRAM-SHA-512; "
                    + "credentials in " + dir.resolve("credentials") + ")");
            kafka.server.awaitShutdown();
        } else if (args.length == 3 && args[0].equals("strimzi")) {
            System.out.print(strimzi(read(Path.of(args[1]), false), args[2]));
        } else {
            System.err.println("usage: SecureKafka run DIR PORT CONTROLLER_PORT MATRIX | strimzi MATRIX CLUSTER_NAME");
            System.exit(2);
        }
    }
}
