package cn.familyaid.withdrawal;

import cn.familyaid.withdrawal.config.FamilyAidConfig;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's configuration is documented where it is declared: the {@code @ConfigMapping} {@link FamilyAidConfig}
 * (names, SmallRye's kebab-case, and {@code @WithDefault}s), {@code application.properties} (each
 * {@code familyaid.x.y=${ENV:default}}) and the README's Configuration table (property, env, default, meaning) must
 * list the same settings with the same environment names and defaults, in both directions. A shared setting has the
 * same environment name in every sibling service. Plain JUnit: no application starts.
 */
class ConfigurationTableTest {
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path README = Path.of("README.md");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^${}]*)}");
    private static final List<String> HEADER = List.of("property", "env", "default", "meaning");
    private static final String NAME = "familyaid(?:\\.[a-z][a-z0-9-]*)+";

    record Setting(String env, String defaultValue, String meaning) {
    }

    @Test
    void readmeTablePropertiesAndMappingListTheSameSettings() throws IOException {
        Map<String, String> mapping = mapping(FamilyAidConfig.class);
        Map<String, Setting> properties = properties(PROPERTIES);
        Map<String, Setting> readme = readmeTable(README);

        assertThat(mapping).as("FamilyAidConfig declares settings").isNotEmpty();
        assertThat(properties.keySet()).as("familyaid.* settings of %s against FamilyAidConfig", PROPERTIES)
                .containsExactlyInAnyOrderElementsOf(mapping.keySet());
        assertThat(readme.keySet()).as("settings in the Configuration table of %s against FamilyAidConfig", README)
                .containsExactlyInAnyOrderElementsOf(mapping.keySet());
        for (String name : mapping.keySet()) {
            Setting p = properties.get(name);
            Setting r = readme.get(name);
            assertThat(r.env()).as("%s: environment name in the README against application.properties", name)
                    .isEqualTo(p.env());
            assertThat(r.defaultValue()).as("%s: default in the README against application.properties", name)
                    .isEqualTo(p.defaultValue());
            assertThat(mapping.get(name)).as("%s: @WithDefault against application.properties", name)
                    .isEqualTo(p.defaultValue());
            assertThat(r.meaning()).as("%s: meaning in the README", name).isNotBlank();
        }
        assertThat(profileKeys(PROPERTIES)).as("familyaid.* keys of profiles (%%test. ...) in %s", PROPERTIES)
                .allSatisfy(name -> assertThat(mapping).containsKey(name));
        Map<String, List<String>> byEnv = properties.entrySet().stream().collect(Collectors.groupingBy(
                e -> e.getValue().env(), TreeMap::new, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        assertThat(byEnv.values()).as("one environment variable per setting: %s", byEnv)
                .allSatisfy(names -> assertThat(names).hasSize(1));
    }

    @Test
    void aSettingSharedWithASiblingServiceHasTheSameEnvironmentName() throws IOException {
        Map<String, Setting> own = properties(PROPERTIES);
        Path root = Path.of("..");
        List<Path> siblings;
        try (Stream<Path> s = Files.list(root)) {
            siblings = s.filter(d -> d.getFileName().toString().endsWith("-service"))
                    .map(d -> d.resolve(PROPERTIES))
                    .filter(Files::isRegularFile)
                    .filter(f -> !f.toAbsolutePath().normalize().equals(PROPERTIES.toAbsolutePath().normalize()))
                    .sorted().toList();
        }
        assertThat(siblings).as("sibling services' application.properties under %s", root.toAbsolutePath()).isNotEmpty();
        List<String> differ = new ArrayList<>();
        for (Path sibling : siblings) {
            properties(sibling).forEach((name, theirs) -> {
                Setting mine = own.get(name);
                if (mine != null && !mine.env().equals(theirs.env())) {
                    differ.add(name + ": " + mine.env() + " here, " + theirs.env() + " in " + sibling);
                }
            });
        }
        assertThat(differ).as("shared settings named differently").isEmpty();
    }

    @Test
    void sourcesReadFamilyaidSettingsOnlyThroughTheMapping() throws IOException {
        Map<String, String> mapping = mapping(FamilyAidConfig.class);
        Pattern injection = Pattern.compile("ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"familyaid\\.");
        Pattern expression = Pattern.compile("\\$\\{(" + NAME + ")(?::([^}]*))?}");
        Pattern lookup = Pattern.compile("get(?:Optional)?Value\\(\\s*\"(" + NAME + ")\"");
        List<String> problems = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
            sources = s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        for (Path f : sources) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (injection.matcher(text).find()) {
                problems.add(f + ": @ConfigProperty of a familyaid.* setting (inject FamilyAidConfig instead)");
            }
            Matcher m = expression.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                if (!mapping.containsKey(name)) {
                    problems.add(f + ": ${" + name + "} is not declared in FamilyAidConfig");
                } else if (m.group(2) != null && !m.group(2).equals(mapping.get(name))) {
                    problems.add(f + ": ${" + name + ":" + m.group(2) + "} against @WithDefault " + mapping.get(name));
                }
            }
            Matcher l = lookup.matcher(text);
            while (l.find()) {
                if (!mapping.containsKey(l.group(1))) {
                    problems.add(f + ": " + l.group(1) + " is looked up but not declared in FamilyAidConfig");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The mapping's settings, by SmallRye's own metadata: full property name → {@code @WithDefault} (or null). */
    static Map<String, String> mapping(Class<?> type) {
        Map<String, String> out = new TreeMap<>();
        Map<String, ConfigMappingInterface.Property> all =
                ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(type));
        all.forEach((name, p) -> {
            if (!p.isGroup()) {
                out.put(name, p.hasDefaultValue() ? p.getDefaultValue() : null);
            }
        });
        return out;
    }

    /** The {@code familyaid.*} lines of a properties file (profile lines such as {@code %test.} left out). */
    static Map<String, Setting> properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, Setting> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("familyaid.")) {
                continue;
            }
            String value = p.getProperty(key).strip();
            Matcher m = PLACEHOLDER.matcher(value);
            assertThat(m.matches()).as("%s in %s: %s=%s is not ${ENV_NAME:default}", key, file, key, value).isTrue();
            out.put(key, new Setting(m.group(1), m.group(2), null));
        }
        return out;
    }

    /** The {@code familyaid.*} keys of profile lines ({@code %test.familyaid.x=...}), without the profile. */
    static List<String> profileKeys(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p.stringPropertyNames().stream().filter(k -> k.startsWith("%") && k.contains("."))
                .map(k -> k.substring(k.indexOf('.') + 1)).filter(k -> k.startsWith("familyaid.")).sorted().toList();
    }

    /** The rows of the first table after the README's "## Configuration" heading, up to the next heading. */
    static Map<String, Setting> readmeTable(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("%s has a \"## Configuration\" section", file).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("|")) {
                rows.add(cells(line));
            } else if (!rows.isEmpty()) {
                break; // the end of the first table
            }
        }
        assertThat(rows).as("the Configuration table of %s", file).hasSizeGreaterThan(2);
        assertThat(rows.get(0)).as("the Configuration table's header in %s", file).isEqualTo(HEADER);
        assertThat(rows.get(1)).as("the header's separator row").allSatisfy(c -> assertThat(c).matches(":?-{3,}:?"));
        Map<String, Setting> out = new HashMap<>();
        for (List<String> row : rows.subList(2, rows.size())) {
            assertThat(row).as("a row of four cells: %s", row).hasSize(HEADER.size());
            String name = unquote(row.get(0));
            Setting before = out.put(name, new Setting(unquote(row.get(1)), unquote(row.get(2)), row.get(3)));
            assertThat(before).as("%s is listed once in %s", name, file).isNull();
        }
        return new TreeMap<>(out);
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }

    private static String unquote(String cell) {
        String c = cell.strip();
        return c.length() >= 2 && c.startsWith("`") && c.endsWith("`") ? c.substring(1, c.length() - 1) : c;
    }
}
