package io.kavsak.hub.models;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.kavsak.hub.web.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Saves, activates, deactivates and deletes model versions: the file and its row change together, and every
 * change of the live version is recorded with who and when and announced through the outbox.
 */
@Service
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelVersions versions;
    private final ModelVolumes volumes;
    private final ModelFiles files;
    private final TribuoModelFormat format;
    private final ModelLoader loader;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final ModelProperties properties;

    public ModelRegistry(ModelVersions versions, ModelVolumes volumes, ModelFiles files, TribuoModelFormat format,
                         ModelLoader loader, Outbox outbox, TransactionTemplate transactions,
                         ModelProperties properties) {
        this.versions = versions;
        this.volumes = volumes;
        this.files = files;
        this.format = format;
        this.loader = loader;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * Stores a new version: the bytes go to a new file (checked to be a valid model before the row exists), the
     * row and the {@code model.version.saved} event commit together; a failed commit removes the file again.
     */
    public ModelVersion save(String tenantId, String modelName, String version, InputStream content, Double accuracy,
                             Instant trainingDate, String actor) {
        ModelFiles.modelName(modelName);
        ModelFiles.version(version);
        if (versions.find(tenantId, modelName, version).isPresent()) {
            throw ApiProblem.conflict("Version " + version + " of model " + modelName + " exists");
        }
        ModelVolume volume = volumes.of(modelName);
        ModelFiles.Written written;
        try {
            written = files.write(volume, tenantId, modelName, version, content, properties.maxFileSize().toBytes());
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the model file: " + e.getMessage(), e);
        }
        try {
            format.read(Files.readAllBytes(written.path()));
        } catch (CorruptModelException | IOException e) {
            deleteQuietly(written.path());
            throw ApiProblem.badRequest("file", "Not a valid Tribuo model: " + e.getMessage());
        }
        try {
            long id = transactions.execute(status -> {
                long row = versions.insert(tenantId, modelName, version, written.path().getFileName().toString(),
                        accuracy, trainingDate, written.sizeBytes(), written.sha256(), actor);
                outbox.append(EventType.MODEL_VERSION_SAVED, tenantId, Map.of("model_name", modelName,
                        "version", version, "sha256", written.sha256(), "size_bytes", written.sizeBytes(),
                        "saved_at", Instant.now().toString()));
                return row;
            });
            log.info("Model {}/{} version {} saved: {} ({} bytes, sha256 {})", tenantId, modelName, version,
                    written.path(), written.sizeBytes(), written.sha256());
            return versions.find(tenantId, modelName, version).filter(v -> v.id() == id).orElseThrow();
        } catch (RuntimeException e) {
            deleteQuietly(written.path());
            throw e;
        }
    }

    /** Makes {@code version} the one served; the previously active version is deactivated in the same step. */
    public ModelVersion activate(String tenantId, String modelName, String version, String actor) {
        ModelVersion target = require(tenantId, modelName, version);
        if (target.quarantined()) {
            throw ApiProblem.conflict("Version " + version + " is quarantined: " + target.statusReason());
        }
        try {
            loader.load(target);
        } catch (CorruptModelException e) {
            throw ApiProblem.conflict("Version " + version + " was quarantined: " + e.getMessage());
        } catch (ModelFileMissingException e) {
            throw ApiProblem.conflict("Version " + version + " cannot be loaded: " + e.getMessage());
        }
        transactions.executeWithoutResult(status -> {
            versions.clearActive(tenantId, modelName)
                    .ifPresent(previous -> versions.recordActivation(tenantId, modelName, previous, "deactivated",
                            actor));
            if (!versions.setActive(target.id())) {
                throw ApiProblem.conflict("Version " + version + " can no longer be activated");
            }
            versions.recordActivation(tenantId, modelName, version, "activated", actor);
            outbox.append(EventType.MODEL_VERSION_ACTIVATED, tenantId, Map.of("model_name", modelName,
                    "version", version, "actor", actor, "activated_at", Instant.now().toString()));
        });
        return require(tenantId, modelName, version);
    }

    /** Stops serving the model: no version is active afterwards. */
    public Optional<String> deactivate(String tenantId, String modelName, String actor) {
        return transactions.execute(status -> {
            Optional<String> previous = versions.clearActive(tenantId, modelName);
            previous.ifPresent(v -> versions.recordActivation(tenantId, modelName, v, "deactivated", actor));
            return previous;
        });
    }

    /** Deletes an inactive version: its row, then its file. The active version cannot be deleted (409). */
    public void delete(String tenantId, String modelName, String version) {
        ModelVersion target = require(tenantId, modelName, version);
        if (target.isActive() || deleteVersion(target) < 0) {
            throw ApiProblem.conflict("Version " + version + " is active; activate another or deactivate first");
        }
    }

    /** Deletes an inactive version's row and file; the bytes freed, or -1 when it was active or gone meanwhile. */
    long deleteVersion(ModelVersion target) {
        if (!versions.deleteInactive(target.id())) {
            return -1;
        }
        loader.evict(target.id());
        if (target.modelPath() == null) {
            return 0;
        }
        Path file = files.inside(volumes.of(target.modelName()), target.tenantId(), target.modelName(),
                target.modelPath());
        long size = file.toFile().length();
        deleteQuietly(file);
        return size;
    }

    public ModelVersion require(String tenantId, String modelName, String version) {
        return versions.find(tenantId, ModelFiles.modelName(modelName), ModelFiles.version(version))
                .orElseThrow(() -> ApiProblem.notFound("Version " + version + " of model " + modelName));
    }

    /** The file of a version, for download. */
    public Path file(ModelVersion version) {
        if (version.modelPath() == null) {
            throw ApiProblem.conflict("Version " + version.version() + " has no file yet (legacy model_data)");
        }
        Path file = files.inside(volumes.of(version.modelName()), version.tenantId(), version.modelName(),
                version.modelPath());
        if (!Files.isRegularFile(file)) {
            throw ApiProblem.notFound("The file of version " + version.version());
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete model file {}: {}", file, e.getMessage());
        }
    }
}
