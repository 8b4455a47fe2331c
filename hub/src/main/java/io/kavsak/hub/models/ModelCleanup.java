package io.kavsak.hub.models;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.kavsak.hub.web.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lifecycle of seed 003 with the numbers of the MLModel's spec.retention: per tenant the latest versions are
 * kept and older ones retired; retired or inactive versions past the age limit are deleted (file and row); when
 * the volume is at or above the emergency percentage, the oldest inactive versions go at once. The active version
 * is never touched. Freed space is logged, recorded, counted and announced.
 */
@Component("modelCleanup")
public class ModelCleanup {

    private static final Logger log = LoggerFactory.getLogger(ModelCleanup.class);

    private final ModelVersions versions;
    private final ModelVolumes volumes;
    private final ModelFiles files;
    private final ModelRegistry registry;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final NamedParameterJdbcTemplate jdbc;
    private final MeterRegistry meters;

    public ModelCleanup(ModelVersions versions, ModelVolumes volumes, ModelFiles files, ModelRegistry registry,
                        Outbox outbox, TransactionTemplate transactions, NamedParameterJdbcTemplate jdbc,
                        MeterRegistry meters) {
        this.versions = versions;
        this.volumes = volumes;
        this.files = files;
        this.registry = registry;
        this.outbox = outbox;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** A five-field cron expression (minute hour day month weekday) as Spring parses it; 400 when invalid. */
    public static String schedule(String fiveFields) {
        try {
            CronExpression.parse("0 " + fiveFields.trim());
            return fiveFields.trim();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("cleanup_schedule", "Not a five-field cron expression: " + e.getMessage());
        }
    }

    /**
     * The clustered Quartz tick (one replica at a time): runs each model's scheduled cleanup when its
     * cleanupSchedule fell due since the last one, and an emergency cleanup when its volume is too full.
     */
    public List<CleanupResult> tick() {
        Set<String> models = new LinkedHashSet<>(volumes.registeredNames());
        models.addAll(versions.allModelNames());
        List<CleanupResult> results = new ArrayList<>();
        Instant now = Instant.now();
        for (String model : models) {
            // one model whose volume or files cannot be read must not stop the cleanup of every other model
            try {
                tick(model, now).ifPresent(results::add);
            } catch (RuntimeException e) {
                log.error("Model cleanup of {} failed; the other models' cleanups go on: {}", model, e.toString());
            }
        }
        return results;
    }

    private Optional<CleanupResult> tick(String model, Instant now) {
        ModelVolume volume = volumes.of(model);
        Instant since = lastRun(model, CleanupResult.SCHEDULED).map(CleanupResult::ranAt)
                .orElse(now.minus(Duration.ofMinutes(1)));
        ZonedDateTime next = CronExpression.parse("0 " + volume.cleanupSchedule())
                .next(since.atZone(ZoneOffset.UTC));
        if (next != null && !next.toInstant().isAfter(now)) {
            return Optional.of(clean(model, CleanupResult.SCHEDULED));
        }
        if (usagePercent(volume) >= volume.emergencyCleanupDiskPercent()) {
            return Optional.of(clean(model, CleanupResult.EMERGENCY));
        }
        return Optional.empty();
    }

    /** After a new version is saved: clean at once when the volume reached the emergency percentage. */
    public void afterSave(String modelName) {
        ModelVolume volume = volumes.of(modelName);
        if (usagePercent(volume) >= volume.emergencyCleanupDiskPercent()) {
            clean(modelName, CleanupResult.EMERGENCY);
        }
    }

    /** One cleanup of a model's volume; cleanups of this replica run one at a time. */
    public synchronized CleanupResult clean(String modelName, String kind) {
        ModelVolume volume = volumes.of(modelName);
        Instant staleBefore = Instant.now().minus(Duration.ofDays(volume.deleteInactiveAfterDays()));
        int retired = 0;
        int deleted = 0;
        long freed = 0;
        Map<String, Long> freedByTenant = new HashMap<>();
        Map<String, List<ModelVersion>> byTenant = versions.allOf(modelName).stream()
                .collect(Collectors.groupingBy(ModelVersion::tenantId));
        for (List<ModelVersion> tenantVersions : byTenant.values()) {
            List<ModelVersion> newestFirst = tenantVersions.stream()
                    .sorted(Comparator.comparing(ModelVersion::createdAt).thenComparing(ModelVersion::id).reversed())
                    .toList();
            for (int i = volume.keepVersions(); i < newestFirst.size(); i++) {
                ModelVersion old = newestFirst.get(i);
                if (old.isActive()) {
                    continue;
                }
                if (old.retiredAt() == null) {
                    versions.retire(old.id());
                    retired++;
                }
                long bytes = old.createdAt().isBefore(staleBefore) ? registry.deleteVersion(old) : -1;
                if (bytes >= 0) {
                    deleted++;
                    freed += bytes;
                    freedByTenant.merge(old.tenantId(), bytes, Long::sum);
                }
            }
        }
        double usage = usagePercent(volume);
        if (usage >= volume.emergencyCleanupDiskPercent()) {
            List<ModelVersion> oldestInactive = versions.allOf(modelName).stream().filter(v -> !v.isActive()).toList();
            for (ModelVersion old : oldestInactive) {
                if (usage < volume.emergencyCleanupDiskPercent()) {
                    break;
                }
                long bytes = registry.deleteVersion(old);
                if (bytes < 0) {
                    continue;
                }
                deleted++;
                freed += bytes;
                freedByTenant.merge(old.tenantId(), bytes, Long::sum);
                usage = usagePercent(volume);
                kind = CleanupResult.EMERGENCY;
            }
            if (usage >= volume.emergencyCleanupDiskPercent()) {
                log.error("Model volume {} is still {}% full after cleanup: only active versions are left",
                        volume.mountPath(), Math.round(usage));
            }
        }
        CleanupResult result = new CleanupResult(modelName, kind, retired, deleted, freed, usage, Instant.now());
        String finalKind = kind;
        transactions.executeWithoutResult(status -> {
            jdbc.update("""
                    insert into ml_model_cleanups (model_name, kind, deactivated, deleted, freed_bytes, usage_percent)
                    values (:model, :kind, :retired, :deleted, :freed, :usage)
                    """, new MapSqlParameterSource().addValue("model", modelName).addValue("kind", finalKind)
                    .addValue("retired", result.deactivated()).addValue("deleted", result.deleted())
                    .addValue("freed", result.freedBytes()).addValue("usage", result.usagePercent()));
            freedByTenant.forEach((tenant, bytes) -> outbox.append(EventType.MODEL_CLEANUP_COMPLETED, tenant,
                    Map.of("model_name", modelName, "kind", finalKind, "freed_bytes", bytes,
                            "completed_at", result.ranAt().toString())));
        });
        Counter.builder("kavsak.model.cleanup.freed").baseUnit("bytes").tag("model", modelName).register(meters)
                .increment(freed);
        log.info("Model cleanup ({}) of {}: {} retired, {} deleted, {} bytes freed, volume {}% full", kind,
                modelName, retired, deleted, freed, Math.round(usage * 10) / 10.0);
        return result;
    }

    public VolumeReport report(String modelName) {
        ModelVolume volume = volumes.of(modelName);
        List<ModelVersion> all = versions.allOf(modelName);
        ModelFiles.Usage usage = usage(volume);
        return new VolumeReport(modelName, volume.mountPath().toString(),
                all.stream().filter(ModelVersion::isActive).map(v -> v.tenantId() + "/" + v.version()).toList(),
                all.size(), usage.usedBytes(), usage.capacityBytes(), usage.percent(),
                usage.percent() >= volume.emergencyCleanupDiskPercent(),
                lastRun(modelName, null).orElse(null));
    }

    private Optional<CleanupResult> lastRun(String modelName, String kind) {
        return jdbc.query("""
                select * from ml_model_cleanups where model_name = :model and (cast(:kind as text) is null or kind = :kind)
                order by ran_at desc, id desc limit 1
                """, new MapSqlParameterSource().addValue("model", modelName).addValue("kind", kind),
                (rs, i) -> new CleanupResult(modelName, rs.getString("kind"), rs.getInt("deactivated"),
                        rs.getInt("deleted"), rs.getLong("freed_bytes"), rs.getDouble("usage_percent"),
                        rs.getTimestamp("ran_at").toInstant())).stream().findFirst();
    }

    private double usagePercent(ModelVolume volume) {
        return usage(volume).percent();
    }

    private ModelFiles.Usage usage(ModelVolume volume) {
        try {
            return files.usage(volume);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
