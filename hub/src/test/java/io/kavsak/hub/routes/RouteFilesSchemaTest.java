package io.kavsak.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route file is valid Camel YAML DSL as Camel's own JSON schema (schema/camelYamlDsl.json in the
 * camel-yaml-dsl jar, the one Kaoto and the IDE plugins use) describes it, so it opens in Kaoto as a diagram.
 */
class RouteFilesSchemaTest {

    static final Path ROUTES = Path.of("..", "routes");
    private static final JsonSchema CAMEL_YAML_DSL = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(SchemaLocation.of("classpath:schema/camelYamlDsl.json"));
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]+}}");
    private static final Pattern PLACEHOLDER_TYPE = Pattern.compile("string found, (number|integer|boolean) expected");

    static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    @Test
    void theRoutesDirectoryHoldsRouteFiles() throws IOException {
        assertThat(routeFiles()).hasSizeGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void routeFileFollowsTheCamelYamlDslSchema(Path file) throws IOException {
        assertThat(validate(Files.readString(file))).as(file.toString()).isEmpty();
    }

    @Test
    void aMisspeltStepIsRefused() throws IOException {
        String valid = Files.readString(ROUTES.resolve("parser-pipeline.camel.yaml"));
        assertThat(validate(valid)).isEmpty();
        Set<ValidationMessage> errors = validate(valid.replaceFirst("- bean:", "- baen:"));
        assertThat(errors).isNotEmpty();
        assertThat(errors.toString()).contains("baen");
    }

    @Test
    void aPlaceholderStandsOnlyWhereAValueOfTheWantedTypeCouldStand() throws IOException {
        String valid = Files.readString(ROUTES.resolve("parser-pipeline.camel.yaml"));
        assertThat(validate(valid.replaceFirst("slidingWindowSize: \"\\{\\{", "slidingWindowSize: \"twenty {{")))
                .isNotEmpty();
    }

    @Test
    void aMisspeltOptionIsRefused() throws IOException {
        String valid = Files.readString(ROUTES.resolve("parser-pipeline.camel.yaml"));
        assertThat(validate(valid.replaceFirst("routeConfigurationId:", "routeConfigId:"))).isNotEmpty();
    }

    /**
     * Validates a route file. A property placeholder ({@code "{{key}}"}) may stand where the schema wants a number or
     * a boolean: Camel resolves it at start-up. Such a value is replaced by a stand-in of the wanted type and the file
     * validated again, so only real mistakes remain.
     */
    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        JsonNode routes = YAML.readTree(yaml);
        Set<ValidationMessage> errors = CAMEL_YAML_DSL.validate(routes);
        for (int pass = 0; pass < 5 && !errors.isEmpty(); pass++) {
            boolean replaced = false;
            for (ValidationMessage error : errors) {
                JsonNode value = error.getInstanceNode();
                Matcher type = PLACEHOLDER_TYPE.matcher(error.getMessage());
                if (value != null && value.isTextual() && PLACEHOLDER.matcher(value.asText()).matches() && type.find()) {
                    replaced |= replace(routes, error.getInstanceLocation(), "boolean".equals(type.group(1))
                            ? BooleanNode.TRUE : IntNode.valueOf(1));
                }
            }
            if (!replaced) {
                break;
            }
            errors = CAMEL_YAML_DSL.validate(routes);
        }
        return errors;
    }

    private static boolean replace(JsonNode root, JsonNodePath location, JsonNode standIn) {
        JsonNode parent = root;
        for (int i = 0; i < location.getNameCount() - 1; i++) {
            Object element = location.getElement(i);
            parent = element instanceof Integer index ? parent.path(index) : parent.path(element.toString());
        }
        Object last = location.getElement(location.getNameCount() - 1);
        if (parent instanceof ObjectNode object && !(last instanceof Integer)) {
            object.set(last.toString(), standIn);
            return true;
        }
        if (parent instanceof ArrayNode array && last instanceof Integer index) {
            array.set(index, standIn);
            return true;
        }
        return false;
    }
}
