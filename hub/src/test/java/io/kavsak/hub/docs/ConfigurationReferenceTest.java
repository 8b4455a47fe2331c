package io.kavsak.hub.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Generates docs/configuration.md from Spring's configuration metadata and application.yml, and fails the build
 * when the committed page drifts or a {@code kavsak.*} key has no description.
 */
class ConfigurationReferenceTest {

    static final String REGENERATE =
            "./mvnw -pl hub test -Dtest=ConfigurationReferenceTest -Dkavsak.docs.update=true";
    private static final String HINT = "docs/configuration.md is generated from the hub's configuration metadata; "
            + "regenerate it with `" + REGENERATE + "` and commit it.";
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z0-9_]+):(.*)}$", Pattern.DOTALL);
    private static final Pattern ROUTE_KEY = Pattern.compile("\\{\\{(kavsak\\.[a-z0-9.\\-]+)(?::[^}]*)?}}");
    private static final Pattern VALUE_KEY = Pattern.compile("@Value\\(\"\\$\\{(kavsak\\.[a-z0-9.\\-]+)(?::[^}]*)?}\"\\)");

    private final Path root = RepositoryFiles.root();
    private final Map<String, JsonNode> metadata = ownMetadata();
    private final Map<String, Object> yaml = applicationYaml();

    @Test
    void committedReferenceIsTheGeneratedOne() throws IOException {
        String generated = render();
        Path committed = root.resolve("docs/configuration.md");
        if (Boolean.getBoolean("kavsak.docs.update")) {
            Files.writeString(committed, generated);
        }
        assertThat(Files.exists(committed)).as(HINT).isTrue();
        assertThat(Files.readString(committed)).as(HINT).isEqualTo(generated);
    }

    @Test
    void everyKavsakKeyHasADescription() {
        List<String> missing = metadata.entrySet().stream()
                .filter(e -> e.getKey().startsWith("kavsak."))
                .filter(e -> !e.getValue().hasNonNull("description") || e.getValue().get("description").asText().isBlank())
                .map(Map.Entry::getKey)
                .toList();
        assertThat(missing).as("kavsak.* keys without a description: describe them in "
                + "hub/src/main/resources/META-INF/additional-spring-configuration-metadata.json").isEmpty();
    }

    @Test
    void everyKavsakKeyTheHubReadsIsInTheMetadata() throws IOException {
        TreeSet<String> read = new TreeSet<>();
        for (String key : yaml.keySet()) {
            if (key.startsWith("kavsak.")) {
                read.add(key);
            }
        }
        try (Stream<Path> routes = Files.list(root.resolve("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                Matcher m = ROUTE_KEY.matcher(Files.readString(route));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        try (Stream<Path> sources = Files.walk(root.resolve("hub/src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = VALUE_KEY.matcher(Files.readString(source));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        List<String> undocumented = read.stream().filter(key -> describingProperty(key) == null).toList();
        assertThat(undocumented).as("kavsak.* keys read from application.yml, routes/*.camel.yaml or @Value but not in "
                + "the configuration metadata: add each to "
                + "hub/src/main/resources/META-INF/additional-spring-configuration-metadata.json (name, type, "
                + "description, defaultValue), then run `" + REGENERATE + "`").isEmpty();
    }

    @Test
    void everySettingReadFromTheEnvironmentHasADescription() throws IOException {
        Map<String, String> descriptions = allMetadata();
        List<String> missing = yaml.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("kavsak."))
                .filter(e -> PLACEHOLDER.matcher(String.valueOf(e.getValue())).matches())
                .map(Map.Entry::getKey)
                .filter(key -> descriptions.getOrDefault(key, "").isBlank())
                .toList();
        assertThat(missing).as("application.yml keys read from an environment variable without a description in any "
                + "configuration metadata: describe them in "
                + "hub/src/main/resources/META-INF/additional-spring-configuration-metadata.json, then run `"
                + REGENERATE + "`").isEmpty();
    }

    /** The metadata property a key belongs to: itself, or the Map-typed property it is an entry of. */
    private String describingProperty(String key) {
        if (metadata.containsKey(key)) {
            return key;
        }
        return metadata.entrySet().stream()
                .filter(e -> e.getValue().path("type").asText().startsWith("java.util.Map"))
                .map(Map.Entry::getKey)
                .filter(name -> key.startsWith(name + ".") || key.startsWith(name + "["))
                .findFirst().orElse(null);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("Every `kavsak.*` key of the hub, generated from its Spring configuration metadata "
                        + "(`@ConfigurationProperties` records and\n"
                        + "`hub/src/main/resources/META-INF/additional-spring-configuration-metadata.json`) and "
                        + "`hub/src/main/resources/application.yml`.\n"
                        + "Do not edit this page: change the metadata or application.yml, then regenerate it with\n\n")
                .append("```bash\n").append(REGENERATE).append("\n```\n\n")
                .append("`ConfigurationReferenceTest` fails the build when this page differs from what it generates, "
                        + "or when a `kavsak.*` key in\napplication.yml, a route (`{{kavsak.…}}`) or an `@Value` has "
                        + "no description in the metadata.\n\n")
                .append("**Environment** is the variable application.yml reads the key from (`${VARIABLE:default}`). "
                        + "Any key can also be set\nthrough Spring's relaxed binding: upper case, dots to "
                        + "underscores, dashes removed (`kavsak.events.outbox.batch-size` is\n"
                        + "`KAVSAK_EVENTS_OUTBOX_BATCHSIZE`). **Default** is the value application.yml gives, or else "
                        + "the binding's default.\n");
        Map<String, List<String>> groups = new TreeMap<>();
        for (String name : metadata.keySet()) {
            if (name.startsWith("kavsak.")) {
                String[] parts = name.split("\\.");
                String group = parts[0] + "." + parts[1];
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(name);
            }
        }
        for (Map.Entry<String, List<String>> group : groups.entrySet()) {
            out.append("\n## `").append(group.getKey()).append(".*`\n\n")
                    .append("| Key | Type | Default | Environment | Description |\n")
                    .append("|---|---|---|---|---|\n");
            for (String name : group.getValue().stream().sorted().toList()) {
                JsonNode property = metadata.get(name);
                out.append("| `").append(name).append("` | ")
                        .append(cell(simpleType(property.path("type").asText()))).append(" | ")
                        .append(cell(defaultOf(name, property))).append(" | ")
                        .append(cell(environmentOf(name))).append(" | ")
                        .append(escape(property.path("description").asText())).append(" |\n");
            }
        }
        out.append("\n## Other settings read from the environment\n\n")
                .append("Spring Boot and Camel keys that application.yml reads from an environment variable. "
                        + "Descriptions come from Spring Boot's and\nCamel's own metadata unless the hub's "
                        + "describes the key.\n\n")
                .append("| Key | Default | Environment | Description |\n")
                .append("|---|---|---|---|\n");
        Map<String, String> descriptions = allMetadataUnchecked();
        for (Map.Entry<String, Object> entry : yaml.entrySet()) {
            Matcher m = PLACEHOLDER.matcher(String.valueOf(entry.getValue()));
            if (!entry.getKey().startsWith("kavsak.") && m.matches()) {
                String description = metadata.containsKey(entry.getKey())
                        ? metadata.get(entry.getKey()).path("description").asText("")
                        : descriptions.getOrDefault(entry.getKey(), "");
                out.append("| `").append(entry.getKey()).append("` | ")
                        .append(cell(m.group(2))).append(" | ")
                        .append(cell(m.group(1))).append(" | ")
                        .append(escape(firstSentence(description))).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    private static Map<String, String> allMetadataUnchecked() {
        try {
            return allMetadata();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String defaultOf(String name, JsonNode property) {
        Object value = yaml.get(name);
        if (value != null) {
            Matcher m = PLACEHOLDER.matcher(String.valueOf(value));
            return m.matches() ? m.group(2) : String.valueOf(value);
        }
        if (property.path("type").asText().startsWith("java.util.Map")) {
            String entries = yaml.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(name + "."))
                    .map(e -> e.getKey().substring(name.length() + 1).replaceAll("^\\[(.*)]$", "$1") + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            if (!entries.isEmpty()) {
                return entries;
            }
        }
        return property.hasNonNull("defaultValue") ? property.get("defaultValue").asText() : "";
    }

    private String environmentOf(String name) {
        Object value = yaml.get(name);
        if (value != null) {
            Matcher m = PLACEHOLDER.matcher(String.valueOf(value));
            if (m.matches()) {
                return m.group(1);
            }
        }
        return "";
    }

    private static String simpleType(String type) {
        return type.replaceAll("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.([A-Z])", "$2");
    }

    private static String cell(String value) {
        return value == null || value.isEmpty() ? "" : "`" + value.replace("|", "\\|") + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * The hub's own metadata by property name: what the configuration processor generated into target/classes, with
     * the source additional-spring-configuration-metadata.json laid over it again (the processor only reads that file
     * when Java sources are recompiled, so an edit of the file alone would otherwise be missed).
     */
    static Map<String, JsonNode> ownMetadata() {
        Path root = RepositoryFiles.root();
        Path generated = root.resolve("hub/target/classes/META-INF/spring-configuration-metadata.json");
        Path additional = root.resolve("hub/src/main/resources/META-INF/additional-spring-configuration-metadata.json");
        ObjectMapper json = new ObjectMapper();
        try {
            Map<String, JsonNode> properties = new TreeMap<>();
            for (JsonNode property : json.readTree(generated.toFile()).path("properties")) {
                properties.put(property.get("name").asText(), property);
            }
            for (JsonNode property : json.readTree(additional.toFile()).path("properties")) {
                String name = property.get("name").asText();
                ObjectNode merged = properties.containsKey(name)
                        ? ((ObjectNode) properties.get(name)).deepCopy() : json.createObjectNode();
                property.fields().forEachRemaining(field -> merged.set(field.getKey(), field.getValue()));
                properties.put(name, merged);
            }
            return properties;
        } catch (IOException e) {
            throw new IllegalStateException("no configuration metadata at " + generated + ": compile the hub first", e);
        }
    }

    /** Every property in any configuration metadata on the class path (Spring Boot, Camel, the hub): its description. */
    static Map<String, String> allMetadata() throws IOException {
        Map<String, String> descriptions = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        Enumeration<URL> files = ConfigurationReferenceTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String description = property.path("description").asText("");
                    descriptions.merge(property.get("name").asText(), description,
                            (a, b) -> a.isBlank() ? b : a);
                }
            }
        }
        ownMetadata().forEach((name, property) -> {
            String description = property.path("description").asText("");
            if (!description.isBlank()) {
                descriptions.put(name, description);
            }
        });
        return descriptions;
    }

    /** application.yml flattened to dotted keys, in file order. */
    static Map<String, Object> applicationYaml() {
        Path file = RepositoryFiles.root().resolve("hub/src/main/resources/application.yml");
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", new Yaml().load(in), flat);
            return flat;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void flatten(String prefix, Object node, Map<String, Object> flat) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), flat);
            }
        } else {
            flat.put(prefix, node);
        }
    }
}
