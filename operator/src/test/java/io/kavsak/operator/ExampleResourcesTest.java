package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.kavsak.operator.mlmodel.MLModel;
import io.kavsak.operator.recall.RecallRequest;
import io.kavsak.operator.tenant.Tenant;

/** Every example under kustomize/examples is accepted by its CRD, and every one under invalid/ refused for its stated reason. */
class ExampleResourcesTest {

  private static final Map<String, Class<?>> MODEL = Map.of(
      "Tenant", Tenant.class, "RecallRequest", RecallRequest.class, "MLModel", MLModel.class);
  private static final Map<String, CrdSchemaValidator> VALIDATORS = new HashMap<>();

  @BeforeAll
  static void loadCommittedCrds() throws IOException {
    try (Stream<Path> crds = Files.list(RepositoryPaths.committedCrds())) {
      for (Path crd : crds.filter(p -> p.toString().endsWith("-v1.yml")).collect(Collectors.toList())) {
        CrdSchemaValidator validator = CrdSchemaValidator.of(crd);
        VALIDATORS.put(validator.kind(), validator);
      }
    }
    assertThat(VALIDATORS).containsOnlyKeys(MODEL.keySet());
  }

  static Stream<Path> validExamples() throws IOException {
    return yamlFiles(RepositoryPaths.examples());
  }

  static Stream<Path> invalidExamples() throws IOException {
    return yamlFiles(RepositoryPaths.examples().resolve("invalid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void validExampleIsAcceptedByItsCrdAndReadByTheModel(Path example) throws IOException {
    List<JsonNode> documents = documents(example);
    assertThat(documents).hasSize(1);
    JsonNode resource = documents.get(0);
    assertThat(validatorFor(resource).validateCreate(resource)).isEmpty();
    Object parsed = Serialization.unmarshal(Files.readString(example), MODEL.get(resource.path("kind").asText()));
    assertThat(parsed).isInstanceOf(MODEL.get(resource.path("kind").asText()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void invalidExampleIsRefusedForTheReasonItStates(Path example) throws IOException {
    String firstLine = Files.readAllLines(example).get(0);
    assertThat(firstLine).as("first line of an invalid example states the expected error").startsWith("# expect: ");
    String expected = firstLine.substring("# expect: ".length()).trim();
    List<JsonNode> documents = documents(example);
    assertThat(documents).hasSizeBetween(1, 2);
    JsonNode resource = documents.get(documents.size() - 1);
    CrdSchemaValidator validator = validatorFor(resource);
    if (documents.size() == 2) {
      assertThat(validator.validateCreate(documents.get(0))).as("the stored resource of an update is valid").isEmpty();
      assertThat(validator.validateCreate(resource)).as("only the transition is invalid").isEmpty();
      assertThat(validator.validateUpdate(documents.get(0), resource)).anyMatch(e -> e.contains(expected));
    } else {
      assertThat(validator.validateCreate(resource)).anyMatch(e -> e.contains(expected));
    }
  }

  private static CrdSchemaValidator validatorFor(JsonNode resource) {
    assertThat(resource.path("apiVersion").asText()).isEqualTo("kavsak.io/v1alpha1");
    CrdSchemaValidator validator = VALIDATORS.get(resource.path("kind").asText());
    assertThat(validator).as("CRD for kind " + resource.path("kind")).isNotNull();
    return validator;
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    try (MappingIterator<JsonNode> it = CrdSchemaValidator.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      return it.readAll().stream().filter(n -> !n.isNull() && !n.isEmpty()).collect(Collectors.toList());
    }
  }

  private static Stream<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
      assertThat(yaml).as("examples in " + dir).isNotEmpty();
      return yaml.stream();
    }
  }
}
