package io.kavsak.hub.indexing;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's catalog and context in the Metadata DB (seed 002): every write commits with the seed's
 * event in the outbox, so the indexing consumers (here or in other services) see each change once.
 */
@Component
public class CatalogStore {

    private final NamedParameterJdbcTemplate jdbc;
    private final Outbox outbox;
    private final IndexJobStore jobs;

    public CatalogStore(NamedParameterJdbcTemplate jdbc, Outbox outbox, IndexJobStore jobs) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.jobs = jobs;
    }

    @Transactional
    public ExposedObject createObject(String tenantId, ExposedObjectInput in) {
        UUID id = jdbc.queryForObject("""
                insert into catalog.exposed_objects
                    (tenant_id, datasource_id, object_name, object_type, display_name, description, is_enabled)
                values (:tenant, :ds, :name, :type, :display, :description, :enabled)
                returning id
                """, objectParams(tenantId, in), UUID.class);
        objectChanged(tenantId, in.datasourceId(), id, "created");
        return findObject(tenantId, id).orElseThrow();
    }

    @Transactional
    public Optional<ExposedObject> updateObject(String tenantId, UUID id, ExposedObjectInput in) {
        int updated = jdbc.update("""
                update catalog.exposed_objects set datasource_id = :ds, object_name = :name, object_type = :type,
                    display_name = :display, description = :description, is_enabled = :enabled, updated_at = now()
                where id = :id and tenant_id = :tenant
                """, objectParams(tenantId, in).addValue("id", id));
        if (updated == 0) {
            return Optional.empty();
        }
        objectChanged(tenantId, in.datasourceId(), id, "updated");
        return findObject(tenantId, id);
    }

    @Transactional
    public boolean deleteObject(String tenantId, UUID id) {
        List<String> ds = jdbc.queryForList("""
                delete from catalog.exposed_objects where id = :id and tenant_id = :tenant returning datasource_id
                """, Map.of("id", id, "tenant", tenantId), String.class);
        ds.forEach(datasource -> objectChanged(tenantId, datasource, id, "deleted"));
        return !ds.isEmpty();
    }

    @Transactional
    public Optional<ExposedColumn> createColumn(String tenantId, UUID objectId, ExposedColumnInput in) {
        Optional<String> ds = datasourceOf(tenantId, objectId);
        if (ds.isEmpty()) {
            return Optional.empty();
        }
        UUID id = jdbc.queryForObject("""
                insert into catalog.exposed_columns (tenant_id, exposed_object_id, column_name, data_type,
                    logical_type, description, is_pii, is_exposed)
                values (:tenant, :object, :name, :type, :logical, :description, :pii, :exposed)
                returning id
                """, columnParams(tenantId, in).addValue("object", objectId), UUID.class);
        columnChanged(tenantId, ds.get(), objectId, id, "created");
        return findColumn(tenantId, id);
    }

    @Transactional
    public Optional<ExposedColumn> updateColumn(String tenantId, UUID id, ExposedColumnInput in) {
        List<UUID> objects = jdbc.queryForList("""
                update catalog.exposed_columns set column_name = :name, data_type = :type, logical_type = :logical,
                    description = :description, is_pii = :pii, is_exposed = :exposed, updated_at = now()
                where id = :id and tenant_id = :tenant
                returning exposed_object_id
                """, columnParams(tenantId, in).addValue("id", id), UUID.class);
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        columnChanged(tenantId, datasourceOf(tenantId, objects.get(0)).orElseThrow(), objects.get(0), id, "updated");
        return findColumn(tenantId, id);
    }

    @Transactional
    public boolean deleteColumn(String tenantId, UUID id) {
        List<UUID> objects = jdbc.queryForList("""
                delete from catalog.exposed_columns where id = :id and tenant_id = :tenant returning exposed_object_id
                """, Map.of("id", id, "tenant", tenantId), UUID.class);
        objects.forEach(object -> columnChanged(tenantId, datasourceOf(tenantId, object).orElseThrow(), object, id,
                "deleted"));
        return !objects.isEmpty();
    }

    /** Emits schema.index.requested with its job row, queued; returns the job id (the event's id). */
    @Transactional
    public String requestIndex(String tenantId, IndexRequest in) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("datasource_ids", in.datasourceIds());
        payload.put("reason", in.reason() == null || in.reason().isBlank() ? "requested_by_admin" : in.reason());
        IndexJobStore.Requested job = IndexJobStore.Requested.of(
                outbox.append(EventType.SCHEMA_INDEX_REQUESTED, tenantId, payload));
        jobs.queued(job);
        return job.jobId();
    }

    @Transactional
    public BusinessRule createRule(String tenantId, BusinessRuleInput in) {
        UUID id = jdbc.queryForObject("""
                insert into context.business_rules (tenant_id, name, description) values (:tenant, :name, :description)
                returning id
                """, ruleParams(tenantId, in), UUID.class);
        ruleChanged(tenantId, id, "created");
        return findRule(tenantId, id).orElseThrow();
    }

    @Transactional
    public Optional<BusinessRule> updateRule(String tenantId, UUID id, BusinessRuleInput in) {
        if (jdbc.update("""
                update context.business_rules set name = :name, description = :description, updated_at = now()
                where id = :id and tenant_id = :tenant
                """, ruleParams(tenantId, in).addValue("id", id)) == 0) {
            return Optional.empty();
        }
        ruleChanged(tenantId, id, "updated");
        return findRule(tenantId, id);
    }

    @Transactional
    public boolean deleteRule(String tenantId, UUID id) {
        if (jdbc.update("delete from context.business_rules where id = :id and tenant_id = :tenant",
                Map.of("id", id, "tenant", tenantId)) == 0) {
            return false;
        }
        ruleChanged(tenantId, id, "deleted");
        return true;
    }

    @Transactional
    public ContextRecord createGoldenQa(String tenantId, String userId, GoldenQaInput in) {
        UUID id = jdbc.queryForObject("""
                insert into context.golden_qa (tenant_id, datasource_id, query_run_id, question_text, sql_text,
                    created_by_user_id)
                values (:tenant, :ds, :run, :question, :sql, :user)
                returning id
                """, new MapSqlParameterSource().addValue("tenant", tenantId).addValue("ds", in.datasourceId())
                .addValue("run", in.queryRunId()).addValue("question", in.questionText())
                .addValue("sql", in.sqlText()).addValue("user", userId), UUID.class);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("datasource_id", in.datasourceId());
        payload.put("golden_qa_id", id.toString());
        payload.put("query_run_id", in.queryRunId());
        payload.put("created_by_user_id", userId);
        outbox.append(EventType.GOLDEN_QA_CREATED, tenantId, payload);
        return new ContextRecord(id.toString());
    }

    @Transactional
    public ContextRecord createFeedback(String tenantId, String userId, QueryFeedbackInput in) {
        UUID id = jdbc.queryForObject("""
                insert into context.query_feedback (tenant_id, query_run_id, feedback_type, feedback_text,
                    created_by_user_id)
                values (:tenant, :run, :type, :text, :user)
                returning id
                """, new MapSqlParameterSource().addValue("tenant", tenantId).addValue("run", in.queryRunId())
                .addValue("type", in.feedbackType()).addValue("text", in.feedbackText()).addValue("user", userId),
                UUID.class);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("query_run_id", in.queryRunId());
        payload.put("feedback_id", id.toString());
        payload.put("feedback_type", in.feedbackType());
        payload.put("created_by_user_id", userId);
        outbox.append(EventType.QUERY_FEEDBACK_CREATED, tenantId, payload);
        return new ContextRecord(id.toString());
    }

    public Optional<ExposedObject> findObject(String tenantId, UUID id) {
        List<ExposedColumn> columns = jdbc.query("""
                select * from catalog.exposed_columns where exposed_object_id = :id and tenant_id = :tenant
                order by column_name
                """, Map.of("id", id, "tenant", tenantId), CatalogStore::column);
        return jdbc.query("select * from catalog.exposed_objects where id = :id and tenant_id = :tenant",
                Map.of("id", id, "tenant", tenantId), (rs, i) -> object(rs, columns)).stream().findFirst();
    }

    public Optional<ExposedColumn> findColumn(String tenantId, UUID id) {
        return jdbc.query("select * from catalog.exposed_columns where id = :id and tenant_id = :tenant",
                Map.of("id", id, "tenant", tenantId), CatalogStore::column).stream().findFirst();
    }

    public Optional<BusinessRule> findRule(String tenantId, UUID id) {
        return jdbc.query("select * from context.business_rules where id = :id and tenant_id = :tenant",
                Map.of("id", id, "tenant", tenantId), (rs, i) -> new BusinessRule(rs.getString("id"),
                        rs.getString("name"), rs.getString("description"), rs.getTimestamp("updated_at").toInstant()))
                .stream().findFirst();
    }

    private Optional<String> datasourceOf(String tenantId, UUID objectId) {
        return jdbc.queryForList("select datasource_id from catalog.exposed_objects where id = :id and tenant_id = :tenant",
                Map.of("id", objectId, "tenant", tenantId), String.class).stream().findFirst();
    }

    private void objectChanged(String tenantId, String datasourceId, UUID objectId, String change) {
        outbox.append(EventType.SCHEMA_OBJECT_CHANGED, tenantId, Map.of("datasource_id", datasourceId,
                "exposed_object_id", objectId.toString(), "change_type", change));
    }

    private void columnChanged(String tenantId, String datasourceId, UUID objectId, UUID columnId, String change) {
        outbox.append(EventType.SCHEMA_COLUMN_CHANGED, tenantId, Map.of("datasource_id", datasourceId,
                "exposed_object_id", objectId.toString(), "exposed_column_id", columnId.toString(),
                "change_type", change));
    }

    private void ruleChanged(String tenantId, UUID ruleId, String change) {
        outbox.append(EventType.BUSINESS_RULE_CHANGED, tenantId, Map.of("business_rule_id", ruleId.toString(),
                "change_type", change));
    }

    private static MapSqlParameterSource objectParams(String tenantId, ExposedObjectInput in) {
        return new MapSqlParameterSource().addValue("tenant", tenantId).addValue("ds", in.datasourceId())
                .addValue("name", in.objectName()).addValue("type", in.objectType() == null ? "table" : in.objectType())
                .addValue("display", in.displayName()).addValue("description", in.description())
                .addValue("enabled", in.isEnabled() == null || in.isEnabled());
    }

    private static MapSqlParameterSource columnParams(String tenantId, ExposedColumnInput in) {
        return new MapSqlParameterSource().addValue("tenant", tenantId).addValue("name", in.columnName())
                .addValue("type", in.dataType()).addValue("logical", in.logicalType())
                .addValue("description", in.description()).addValue("pii", in.isPii() != null && in.isPii())
                .addValue("exposed", in.isExposed() == null || in.isExposed());
    }

    private static MapSqlParameterSource ruleParams(String tenantId, BusinessRuleInput in) {
        return new MapSqlParameterSource().addValue("tenant", tenantId).addValue("name", in.name())
                .addValue("description", in.description());
    }

    static ExposedObject object(ResultSet rs, List<ExposedColumn> columns) throws SQLException {
        return new ExposedObject(rs.getString("id"), rs.getString("tenant_id"), rs.getString("datasource_id"),
                rs.getString("object_name"), rs.getString("object_type"), rs.getString("display_name"),
                rs.getString("description"), rs.getBoolean("is_enabled"), columns,
                rs.getTimestamp("updated_at").toInstant());
    }

    static ExposedColumn column(ResultSet rs, int i) throws SQLException {
        return new ExposedColumn(rs.getString("id"), rs.getString("exposed_object_id"), rs.getString("column_name"),
                rs.getString("data_type"), rs.getString("logical_type"), rs.getString("description"),
                rs.getBoolean("is_pii"), rs.getBoolean("is_exposed"), rs.getTimestamp("updated_at").toInstant());
    }
}
