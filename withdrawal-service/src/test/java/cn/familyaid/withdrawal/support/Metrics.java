package cn.familyaid.withdrawal.support;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** This service's Prometheus metrics as the scraper reads them: /q/metrics on the management port. */
public final class Metrics {
    private Metrics() {
    }

    public static String scrape() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return given().get("http://localhost:" + port + "/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}; 0 when there is none. */
    public static double value(String name, Map<String, String> labels) {
        return value(scrape(), name, labels);
    }

    public static double value(String text, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int exemplar = line.indexOf(" # "); // an exemplar (the trace of one sample) follows the value
            String sample = exemplar < 0 ? line : line.substring(0, exemplar);
            int space = sample.lastIndexOf(' ');
            String series = sample.substring(0, space);
            boolean all = labels.entrySet().stream()
                    .allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""));
            if (all) {
                sum += Double.parseDouble(sample.substring(space + 1));
            }
        }
        return sum;
    }

    /** True when the scrape has a sample of {@code name} with these labels (a series that exists, even at 0). */
    public static boolean has(String name, Map<String, String> labels) {
        String text = scrape();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && (line.startsWith(name + "{") || line.startsWith(name + " "))
                    && labels.entrySet().stream().allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                return true;
            }
        }
        return false;
    }
}
