package io.kavsak.operator;

import java.nio.file.Path;

/** Where the tests find the repository's committed files and the build's generated ones. */
final class RepositoryPaths {

  private RepositoryPaths() {
  }

  static Path root() {
    return Path.of(System.getProperty("kavsak.repository.root", "..")).toAbsolutePath().normalize();
  }

  static Path committedCrds() {
    return root().resolve("crds");
  }

  static Path generatedCrds() {
    return root().resolve("operator/target/classes/META-INF/fabric8");
  }

  static Path examples() {
    return root().resolve("kustomize/examples");
  }
}
