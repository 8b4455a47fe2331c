package io.kavsak.hub.models;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tribuo.Model;

/**
 * Loads model versions as seed 003 asks, and safer: existence, checksum, deserialization and validation, three
 * attempts with exponential backoff (resilience4j Retry). A corrupt file is quarantined and announced; the last
 * good version serves instead. A version that only has a legacy {@code model_data} blob is written to a file on
 * its first load. Loaded models are cached per version; concurrent loads of one version share a single read
 * (Caffeine computes a key once while the other callers wait).
 */
@Component
public class ModelLoader {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelVersions versions;
    private final ModelVolumes volumes;
    private final ModelFiles files;
    private final TribuoModelFormat format;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Retry retry;
    private final Cache<Long, Model<?>> cache;
    private final MeterRegistry meters;
    private final Timer loadTime;

    public ModelLoader(ModelVersions versions, ModelVolumes volumes, ModelFiles files, TribuoModelFormat format,
                       Outbox outbox, TransactionTemplate transactions, ModelProperties properties,
                       MeterRegistry meters) {
        this.versions = versions;
        this.volumes = volumes;
        this.files = files;
        this.format = format;
        this.outbox = outbox;
        this.transactions = transactions;
        this.meters = meters;
        this.retry = Retry.of("model-load", RetryConfig.custom()
                .maxAttempts(properties.loadAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.loadInitialBackoff(), 2.0))
                .retryExceptions(UncheckedIOException.class, CorruptModelException.class)
                .build());
        this.cache = Caffeine.newBuilder().maximumSize(properties.cacheSize()).build();
        this.loadTime = Timer.builder("kavsak.model.load").description("Time to read, check and deserialize a model")
                .register(meters);
    }

    /**
     * The model a tenant's model name serves: its active version, or when that cannot be loaded the newest good
     * version kept (marked {@code fallback}); empty when no version is active or none can be loaded.
     */
    public Optional<LoadedModel> serving(String tenantId, String modelName) {
        Optional<ModelVersion> active = versions.active(tenantId, modelName);
        if (active.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LoadedModel(active.get(), load(active.get()), false));
        } catch (RuntimeException e) {
            log.warn("Model {}/{} version {} cannot serve: {}", tenantId, modelName, active.get().version(),
                    e.getMessage());
        }
        List<ModelVersion> candidates = versions.list(tenantId, modelName).stream()
                .filter(v -> v.id() != active.get().id() && !v.quarantined() && v.retiredAt() == null).toList();
        for (ModelVersion candidate : candidates) {
            try {
                Model<?> model = load(candidate);
                counter("kavsak.model.fallback.served", modelName).increment();
                log.warn("Model {}/{} serves version {} instead of {}", tenantId, modelName, candidate.version(),
                        active.get().version());
                return Optional.of(new LoadedModel(candidate, model, true));
            } catch (RuntimeException e) {
                log.warn("Model {}/{} fallback version {} cannot serve: {}", tenantId, modelName,
                        candidate.version(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** One version, from the cache or from its file (or legacy blob); a corrupt file is quarantined and rethrown. */
    public Model<?> load(ModelVersion version) {
        if (version.quarantined()) {
            throw new CorruptModelException("version " + version.version() + " is quarantined: "
                    + version.statusReason());
        }
        try {
            return cache.get(version.id(), id -> loadTime.record(() -> retry.executeSupplier(() -> read(version))));
        } catch (CorruptModelException e) {
            quarantine(version, e.getMessage());
            throw e;
        }
    }

    /** Forgets a version's cached model (it was deleted or quarantined). */
    public void evict(long versionId) {
        cache.invalidate(versionId);
    }

    private Model<?> read(ModelVersion version) {
        ModelVolume volume = volumes.of(version.modelName());
        if (version.modelPath() == null) {
            return migrateFromDatabase(version, volume);
        }
        Path file = files.inside(volume, version.tenantId(), version.modelName(), version.modelPath());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (version.legacyData()) {
                return migrateFromDatabase(version, volume);
            }
            throw new ModelFileMissingException("the file " + version.modelPath() + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        counter("kavsak.model.disk.reads", version.modelName()).increment();
        String sha = HexFormat.of().formatHex(ModelFiles.sha256().digest(bytes));
        if (version.sha256() != null && !version.sha256().equals(sha)) {
            throw new CorruptModelException("checksum mismatch: the file's SHA-256 is " + sha + ", the row's "
                    + version.sha256());
        }
        return format.read(bytes);
    }

    /** The seed's migration on read: the legacy blob, checked, becomes a file; the row gets its path, the blob goes. */
    private Model<?> migrateFromDatabase(ModelVersion version, ModelVolume volume) {
        byte[] blob = versions.legacyData(version.id());
        if (blob == null) {
            throw new ModelFileMissingException("version " + version.version() + " has neither a file nor model_data");
        }
        Model<?> model = format.read(blob);
        try {
            ModelFiles.Written written = files.write(volume, version.tenantId(), version.modelName(),
                    version.version(), new ByteArrayInputStream(blob), Long.MAX_VALUE);
            versions.migrated(version.id(), written.path().getFileName().toString(), written.sizeBytes(),
                    written.sha256());
            log.info("Model {}/{} version {} migrated from model_data to {}", version.tenantId(),
                    version.modelName(), version.version(), written.path());
        } catch (IOException e) {
            log.warn("Model {}/{} version {} serves from model_data; writing its file failed: {}",
                    version.tenantId(), version.modelName(), version.version(), e.getMessage());
        }
        return model;
    }

    private void quarantine(ModelVersion version, String reason) {
        ModelVolume volume = volumes.of(version.modelName());
        String movedTo = null;
        if (version.modelPath() != null) {
            try {
                Path file = files.inside(volume, version.tenantId(), version.modelName(), version.modelPath());
                if (Files.exists(file)) {
                    files.quarantine(volume, version.tenantId(), version.modelName(), file);
                    movedTo = ModelFiles.QUARANTINE + "/" + file.getFileName();
                }
            } catch (IOException | RuntimeException e) {
                log.error("Could not move corrupt model file {} aside: {}", version.modelPath(), e.getMessage());
            }
        }
        String path = movedTo;
        transactions.executeWithoutResult(status -> {
            versions.quarantine(version.id(), reason, path);
            outbox.append(EventType.MODEL_VERSION_QUARANTINED, version.tenantId(), Map.of(
                    "model_name", version.modelName(), "version", version.version(), "reason", reason,
                    "quarantined_at", Instant.now().toString()));
        });
        evict(version.id());
        counter("kavsak.model.quarantined", version.modelName()).increment();
        log.error("Model {}/{} version {} quarantined: {}", version.tenantId(), version.modelName(),
                version.version(), reason);
    }

    private Counter counter(String name, String modelName) {
        return Counter.builder(name).tag("model", modelName).register(meters);
    }
}
