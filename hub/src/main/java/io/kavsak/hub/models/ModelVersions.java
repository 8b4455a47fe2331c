package io.kavsak.hub.models;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code ml_models} and {@code ml_model_activations} tables. */
@Repository
public class ModelVersions {

    private static final String COLUMNS = """
            id, tenant_id, model_name, version, model_path, accuracy, training_date, is_active, size_bytes, sha256,
            status, status_reason, retired_at, created_by, created_at, model_data is not null as legacy_data
            """;

    private final NamedParameterJdbcTemplate jdbc;

    public ModelVersions(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(String tenantId, String modelName, String version, String modelPath, Double accuracy,
                       Instant trainingDate, long sizeBytes, String sha256, String createdBy) {
        return jdbc.queryForObject("""
                insert into ml_models (tenant_id, model_name, version, model_path, accuracy, training_date,
                    size_bytes, sha256, created_by)
                values (:tenant, :model, :version, :path, :accuracy, :trainingDate, :size, :sha, :by)
                returning id
                """, new MapSqlParameterSource().addValue("tenant", tenantId).addValue("model", modelName)
                .addValue("version", version).addValue("path", modelPath).addValue("accuracy", accuracy)
                .addValue("trainingDate", trainingDate == null ? null : Timestamp.from(trainingDate))
                .addValue("size", sizeBytes).addValue("sha", sha256).addValue("by", createdBy), Long.class);
    }

    public Optional<ModelVersion> find(String tenantId, String modelName, String version) {
        return jdbc.query("select " + COLUMNS + " from ml_models where tenant_id = :tenant and model_name = :model"
                + " and version = :version", Map.of("tenant", tenantId, "model", modelName, "version", version),
                ModelVersions::row).stream().findFirst();
    }

    /** A model's versions, newest first. */
    public List<ModelVersion> list(String tenantId, String modelName) {
        return jdbc.query("select " + COLUMNS + " from ml_models where tenant_id = :tenant and model_name = :model"
                + " order by created_at desc, id desc", Map.of("tenant", tenantId, "model", modelName),
                ModelVersions::row);
    }

    /** Every tenant's versions of a model, oldest first (the order a cleanup considers them in). */
    public List<ModelVersion> allOf(String modelName) {
        return jdbc.query("select " + COLUMNS + " from ml_models where model_name = :model order by created_at, id",
                Map.of("model", modelName), ModelVersions::row);
    }

    public List<String> modelNames(String tenantId) {
        return jdbc.queryForList("select distinct model_name from ml_models where tenant_id = :tenant order by 1",
                Map.of("tenant", tenantId), String.class);
    }

    public List<String> allModelNames() {
        return jdbc.queryForList("select distinct model_name from ml_models order by 1", Map.of(), String.class);
    }

    public Optional<ModelVersion> active(String tenantId, String modelName) {
        return jdbc.query("select " + COLUMNS + " from ml_models where tenant_id = :tenant and model_name = :model"
                + " and is_active", Map.of("tenant", tenantId, "model", modelName), ModelVersions::row)
                .stream().findFirst();
    }

    /** Clears the active flag of the model's active version; returns the version that was active, if any. */
    public Optional<String> clearActive(String tenantId, String modelName) {
        return jdbc.queryForList("update ml_models set is_active = false where tenant_id = :tenant"
                + " and model_name = :model and is_active returning version",
                Map.of("tenant", tenantId, "model", modelName), String.class).stream().findFirst();
    }

    public boolean setActive(long id) {
        return jdbc.update("update ml_models set is_active = true, retired_at = null where id = :id and status = 'ok'",
                Map.of("id", id)) == 1;
    }

    public void recordActivation(String tenantId, String modelName, String version, String action, String actor) {
        jdbc.update("""
                insert into ml_model_activations (tenant_id, model_name, version, action, actor)
                values (:tenant, :model, :version, :action, :actor)
                """, new MapSqlParameterSource().addValue("tenant", tenantId).addValue("model", modelName)
                .addValue("version", version).addValue("action", action).addValue("actor", actor));
    }

    public List<ModelActivation> activations(String tenantId, String modelName) {
        return jdbc.query("""
                select version, action, actor, at from ml_model_activations
                where tenant_id = :tenant and model_name = :model order by at, id
                """, Map.of("tenant", tenantId, "model", modelName), (rs, i) -> new ModelActivation(
                rs.getString("version"), rs.getString("action"), rs.getString("actor"),
                rs.getTimestamp("at").toInstant()));
    }

    /** The last activation or deactivation at or before {@code at}: what was live then. */
    public Optional<ModelActivation> liveAt(String tenantId, String modelName, Instant at) {
        return jdbc.query("""
                select version, action, actor, at from ml_model_activations
                where tenant_id = :tenant and model_name = :model and at <= :at order by at desc, id desc limit 1
                """, new MapSqlParameterSource().addValue("tenant", tenantId).addValue("model", modelName)
                .addValue("at", Timestamp.from(at)), (rs, i) -> new ModelActivation(rs.getString("version"),
                rs.getString("action"), rs.getString("actor"), rs.getTimestamp("at").toInstant()))
                .stream().findFirst();
    }

    public void quarantine(long id, String reason, String movedTo) {
        jdbc.update("""
                update ml_models set status = 'quarantined', status_reason = :reason,
                    model_path = coalesce(:movedTo, model_path)
                where id = :id
                """, new MapSqlParameterSource().addValue("id", id).addValue("reason", reason)
                .addValue("movedTo", movedTo));
    }

    public byte[] legacyData(long id) {
        return jdbc.query("select model_data from ml_models where id = :id", Map.of("id", id),
                rs -> rs.next() ? rs.getBytes(1) : null);
    }

    /** The seed's migration on read: the version now has a file, its blob is cleared. */
    public void migrated(long id, String modelPath, long sizeBytes, String sha256) {
        jdbc.update("""
                update ml_models set model_path = :path, size_bytes = :size, sha256 = :sha, model_data = null
                where id = :id
                """, new MapSqlParameterSource().addValue("id", id).addValue("path", modelPath)
                .addValue("size", sizeBytes).addValue("sha", sha256));
    }

    public void retire(long id) {
        jdbc.update("update ml_models set retired_at = now() where id = :id and retired_at is null and not is_active",
                Map.of("id", id));
    }

    /** Deletes an inactive version's row; false when it is active or gone. */
    public boolean deleteInactive(long id) {
        return jdbc.update("delete from ml_models where id = :id and not is_active", Map.of("id", id)) == 1;
    }

    private static ModelVersion row(ResultSet rs, int i) throws SQLException {
        Timestamp training = rs.getTimestamp("training_date");
        Timestamp retired = rs.getTimestamp("retired_at");
        return new ModelVersion(rs.getLong("id"), rs.getString("tenant_id"), rs.getString("model_name"),
                rs.getString("version"), rs.getString("model_path"), (Double) rs.getObject("accuracy"),
                training == null ? null : training.toInstant(), rs.getBoolean("is_active"),
                (Long) rs.getObject("size_bytes"), rs.getString("sha256"), rs.getString("status"),
                rs.getString("status_reason"), retired == null ? null : retired.toInstant(),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), rs.getBoolean("legacy_data"));
    }
}
