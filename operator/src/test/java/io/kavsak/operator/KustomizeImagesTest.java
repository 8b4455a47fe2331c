package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The Deployments in kustomize/base run the images the build makes: same names, tagged with the project version. */
class KustomizeImagesTest {

  private static final Path BASE = RepositoryPaths.root().resolve("kustomize/base");

  @Test
  void kustomizationTagsEachImageWithTheProjectVersion() throws IOException {
    String registry = System.getProperty("kavsak.image.registry");
    String version = System.getProperty("kavsak.project.version");
    assertThat(registry).as("run by Maven, which passes kavsak.image.registry").isNotBlank();
    assertThat(version).as("run by Maven, which passes kavsak.project.version").isNotBlank();

    Map<String, String> tags = new HashMap<>();
    JsonNode kustomization = CrdSchemaValidator.YAML.readTree(BASE.resolve("kustomization.yaml").toFile());
    kustomization.path("images").forEach(image -> tags.put(image.path("name").asText(), image.path("newTag").asText()));

    assertThat(tags).as("images: in kustomize/base/kustomization.yaml, newTag = the version in pom.xml")
        .containsEntry(registry + "/kavsak-hub", version)
        .containsEntry(registry + "/kavsak-operator", version);
  }

  @Test
  void deploymentsNameTheImagesTheKustomizationTags() throws IOException {
    String registry = System.getProperty("kavsak.image.registry");
    assertThat(containerImage("hub-deployment.yaml")).isEqualTo(registry + "/kavsak-hub");
    assertThat(containerImage("operator-deployment.yaml")).isEqualTo(registry + "/kavsak-operator");
  }

  private static String containerImage(String deployment) throws IOException {
    JsonNode containers = CrdSchemaValidator.YAML.readTree(BASE.resolve(deployment).toFile())
        .path("spec").path("template").path("spec").path("containers");
    assertThat(containers).as(deployment + " containers").hasSize(1);
    return containers.get(0).path("image").asText();
  }
}
