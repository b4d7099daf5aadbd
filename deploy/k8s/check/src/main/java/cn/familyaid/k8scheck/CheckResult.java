package cn.familyaid.k8scheck;

import java.util.List;

/** The outcome of one named check on one file. */
public record CheckResult(String name, String description, Status status, List<String> failures, String note) {

    public enum Status { PASS, FAIL, NA }

    static CheckResult of(String name, String description, List<String> failures, String passNote) {
        return new CheckResult(name, description, failures.isEmpty() ? Status.PASS : Status.FAIL, List.copyOf(failures),
                failures.isEmpty() ? passNote : failures.size() + " problem(s)");
    }

    static CheckResult na(String name, String description, String why) {
        return new CheckResult(name, description, Status.NA, List.of(), why);
    }
}
