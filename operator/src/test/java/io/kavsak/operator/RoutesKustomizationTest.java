package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Keeps routes/kustomization.yaml in step with routes/*.camel.yaml, so every route the hub has also reaches the cluster. */
class RoutesKustomizationTest {

  @Test
  void everyRouteFileIsInTheRoutesConfigMap() throws IOException {
    Path routes = RepositoryPaths.root().resolve("routes");
    JsonNode kustomization = CrdSchemaValidator.YAML.readTree(routes.resolve("kustomization.yaml").toFile());
    List<String> listed = new ArrayList<>();
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      if ("kavsak-routes".equals(generator.path("name").asText())) {
        generator.path("files").forEach(f -> listed.add(f.asText()));
      }
    }
    assertThat(listed).as("routes/kustomization.yaml lists files for ConfigMap kavsak-routes").isNotEmpty();

    List<String> present;
    try (Stream<Path> files = Files.list(routes)) {
      present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted()
          .collect(Collectors.toList());
    }
    assertThat(listed)
        .as("add every routes/*.camel.yaml to configMapGenerator kavsak-routes in routes/kustomization.yaml")
        .containsAll(present);
  }
}
