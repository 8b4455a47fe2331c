package io.kavsak.hub.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, found from the hub module's directory (where Maven runs its tests). */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    static Path root() {
        Path dir = Path.of(System.getProperty("kavsak.repository.root", "")).toAbsolutePath().normalize();
        while (dir != null && !Files.exists(dir.resolve("routes/kustomization.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (with routes/kustomization.yaml) not found");
        }
        return dir;
    }
}
