package io.kavsak.hub.models;

import io.kavsak.hub.web.ApiProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The model volumes the operator has handed over ({@code ml_model_volumes}): an MLModel's mount path in the hub
 * and its spec.retention. A model nobody registered lives under {@code kavsak.models.root}/{model}, the path the
 * operator mounts an MLModel at, with the default retention.
 */
@Repository
public class ModelVolumes {

    private final NamedParameterJdbcTemplate jdbc;
    private final ModelProperties properties;

    public ModelVolumes(NamedParameterJdbcTemplate jdbc, ModelProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public ModelVolume of(String modelName) {
        return registered(modelName).orElseGet(() -> defaults(modelName));
    }

    public Optional<ModelVolume> registered(String modelName) {
        return jdbc.query("select * from ml_model_volumes where model_name = :model", Map.of("model", modelName),
                (rs, i) -> new ModelVolume(rs.getString("model_name"), Path.of(rs.getString("mount_path")),
                        (Long) rs.getObject("capacity_bytes"), rs.getInt("keep_versions"),
                        rs.getInt("delete_inactive_after_days"), rs.getInt("emergency_cleanup_disk_percent"),
                        rs.getString("cleanup_schedule"))).stream().findFirst();
    }

    public List<String> registeredNames() {
        return jdbc.queryForList("select model_name from ml_model_volumes order by 1", Map.of(), String.class);
    }

    public ModelVolume defaults(String modelName) {
        ModelProperties.Retention retention = properties.retention();
        return new ModelVolume(modelName, root().resolve(ModelFiles.modelName(modelName)), null,
                retention.keepVersions(), retention.deleteInactiveAfterDays(),
                retention.emergencyCleanupDiskPercent(), retention.cleanupSchedule());
    }

    /** Stores what the operator hands over; the mount path must lie under {@code kavsak.models.root}. */
    public ModelVolume register(ModelVolume volume) {
        Path root = root();
        Path mount = volume.mountPath().toAbsolutePath().normalize();
        if (!mount.startsWith(root) || mount.equals(root)) {
            throw ApiProblem.badRequest("mount_path", "A model volume is mounted below " + root
                    + " (kavsak.models.root)");
        }
        jdbc.update("""
                insert into ml_model_volumes (model_name, mount_path, capacity_bytes, keep_versions,
                    delete_inactive_after_days, emergency_cleanup_disk_percent, cleanup_schedule)
                values (:model, :path, :capacity, :keep, :days, :percent, :schedule)
                on conflict (model_name) do update set mount_path = excluded.mount_path,
                    capacity_bytes = excluded.capacity_bytes, keep_versions = excluded.keep_versions,
                    delete_inactive_after_days = excluded.delete_inactive_after_days,
                    emergency_cleanup_disk_percent = excluded.emergency_cleanup_disk_percent,
                    cleanup_schedule = excluded.cleanup_schedule, updated_at = now()
                """, new MapSqlParameterSource().addValue("model", volume.modelName())
                .addValue("path", mount.toString()).addValue("capacity", volume.capacityBytes())
                .addValue("keep", volume.keepVersions()).addValue("days", volume.deleteInactiveAfterDays())
                .addValue("percent", volume.emergencyCleanupDiskPercent())
                .addValue("schedule", volume.cleanupSchedule()));
        return of(volume.modelName());
    }

    private Path root() {
        return Path.of(properties.root()).toAbsolutePath().normalize();
    }
}
