package cn.familyaid.k8scheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Main [--crds DIR] [--acl-matrix CSV] [--namespace NS] FILE...}: checks rendered manifests, prints a report and
 * exits 1 on any failure (2 on a usage error).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path crds = Path.of("deploy/k8s/check/crds");
        Path matrix = Path.of("deploy/kafka/acl-matrix.csv");
        String namespace = "family-aid";
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--crds" -> crds = Path.of(args[++i]);
                case "--acl-matrix" -> matrix = Path.of(args[++i]);
                case "--namespace" -> namespace = args[++i];
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: Main [--crds DIR] [--acl-matrix CSV] [--namespace NS] FILE...");
            System.exit(2);
        }
        Checker checker = Checker.load(crds, matrix, namespace);
        List<Checker.FileReport> reports = new ArrayList<>();
        for (Path f : files) {
            Checker.FileReport r = checker.check(f.toString(), Files.readString(f));
            reports.add(r);
            print(r);
        }
        System.out.println();
        System.out.println("== summary (CRD schemas: " + crds + ", ACLs: " + matrix + ")");
        long passed = 0;
        long failed = 0;
        for (Checker.FileReport r : reports) {
            long na = r.results().size() - r.passed() - r.failed();
            System.out.printf("  %s: %d/%d objects valid; %d checks passed, %d failed%s%n", r.file(), r.valid(), r.objects(),
                    r.passed(), r.failed(), na > 0 ? ", " + na + " not applicable" : "");
            passed += r.passed();
            failed += r.failed();
        }
        System.out.println("k8s-check: " + passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    static void print(Checker.FileReport r) {
        System.out.println();
        System.out.println("== " + r.file() + ": " + r.objects() + " objects " + r.kinds());
        for (CheckResult c : r.results()) {
            System.out.printf("  %-4s %-18s %s — %s%n", c.status() == CheckResult.Status.NA ? "N/A" : c.status(), c.name(),
                    c.description(), c.note());
            for (String m : c.failures()) {
                System.out.println("         - " + m);
            }
        }
    }
}
