package cn.familyaid.k8scheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * deploy/kafka/acl-matrix.csv as SecureKafka reads it: {@code scope,principal,resource,name,pattern,operation}, '#'
 * comments; only the rows of scope {@code all} are the cluster's.
 */
public final class AclMatrix {

    /** One granted right, in the form both sides are compared in: {@code topic person.changed literal Write}. */
    public record Acl(String resource, String name, String pattern, String operation) implements Comparable<Acl> {
        @Override
        public String toString() {
            return resource + " " + name + " (" + pattern + ") " + operation;
        }

        @Override
        public int compareTo(Acl o) {
            return toString().compareTo(o.toString());
        }
    }

    private final Map<String, Set<Acl>> byPrincipal;

    private AclMatrix(Map<String, Set<Acl>> byPrincipal) {
        this.byPrincipal = byPrincipal;
    }

    public static AclMatrix read(Path csv) throws IOException {
        Map<String, Set<Acl>> m = new TreeMap<>();
        int n = 0;
        for (String line : Files.readAllLines(csv)) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(",", -1);
            if (f.length != 6) {
                throw new IOException(csv + ":" + n + ": expected 6 columns, got " + f.length);
            }
            String scope = f[0].strip();
            if (!scope.equals("all") && !scope.equals("test")) {
                throw new IOException(csv + ":" + n + ": scope must be all or test");
            }
            if (scope.equals("all")) {
                m.computeIfAbsent(f[1].strip(), k -> new TreeSet<>())
                        .add(new Acl(f[2].strip(), f[3].strip(), f[4].strip(), f[5].strip()));
            }
        }
        return new AclMatrix(m);
    }

    /** The principals of scope {@code all}: the family-aid services. */
    public Set<String> principals() {
        return byPrincipal.keySet();
    }

    public Set<Acl> of(String principal) {
        return byPrincipal.getOrDefault(principal, Set.of());
    }

    public List<String> services() {
        return List.copyOf(byPrincipal.keySet());
    }
}
