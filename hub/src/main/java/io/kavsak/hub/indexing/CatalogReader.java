package io.kavsak.hub.indexing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the records the seed's events name from the Metadata DB ({@link MetadataDb}: the hub's own or an
 * external one) and turns each into the record to
 * embed (text from {@link SchemaText}). Only enabled objects and exposed columns are indexed. No user id
 * goes into a vector's metadata, so a recall has nothing to unlink there.
 */
@Component
public class CatalogReader {

    private final NamedParameterJdbcTemplate jdbc;

    public CatalogReader(MetadataDb metadata) {
        this.jdbc = metadata.jdbc();
    }

    private record ObjectRow(String id, String datasourceId, String name, String displayName, String description) {
    }

    private record ColumnRow(String id, String objectId, SchemaText.Column column) {
    }

    /** Every enabled object of the datasources, then every exposed column of those objects. */
    public List<IndexedRecord> schema(String tenantId, List<String> datasourceIds) {
        List<ObjectRow> objects = jdbc.query("""
                select * from catalog.exposed_objects
                where tenant_id = :tenant and datasource_id in (:ds) and is_enabled order by object_name
                """, new MapSqlParameterSource("tenant", tenantId).addValue("ds", datasourceIds), (rs, i) ->
                new ObjectRow(rs.getString("id"), rs.getString("datasource_id"), rs.getString("object_name"),
                        rs.getString("display_name"), rs.getString("description")));
        if (objects.isEmpty()) {
            return List.of();
        }
        Map<String, List<ColumnRow>> columns = columns(tenantId, objects.stream().map(ObjectRow::id).toList())
                .stream().collect(Collectors.groupingBy(ColumnRow::objectId));
        List<IndexedRecord> records = new java.util.ArrayList<>();
        for (ObjectRow object : objects) {
            List<ColumnRow> own = columns.getOrDefault(object.id(), List.of());
            records.add(objectRecord(tenantId, object, own));
            own.forEach(c -> records.add(columnRecord(tenantId, object, c)));
        }
        return records;
    }

    /** The object and its exposed columns; empty when it is gone or disabled. */
    public List<IndexedRecord> object(String tenantId, UUID objectId) {
        return jdbc.query("""
                select datasource_id from catalog.exposed_objects where tenant_id = :tenant and id = :id and is_enabled
                """, Map.of("tenant", tenantId, "id", objectId), (rs, i) -> rs.getString(1)).stream().findFirst()
                .map(ds -> schema(tenantId, List.of(ds)).stream()
                        .filter(r -> objectId.toString().equals(r.metadata().get("exposed_object_id"))).toList())
                .orElse(List.of());
    }

    /** The object with all its columns, as the catalog API answers it (the schema cache's JSON). */
    public Optional<ExposedObject> exposedObject(String tenantId, UUID id) {
        List<ExposedColumn> columns = jdbc.query("""
                select * from catalog.exposed_columns where exposed_object_id = :id and tenant_id = :tenant
                order by column_name
                """, Map.of("id", id, "tenant", tenantId), CatalogStore::column);
        return jdbc.query("select * from catalog.exposed_objects where id = :id and tenant_id = :tenant",
                Map.of("id", id, "tenant", tenantId), (rs, i) -> CatalogStore.object(rs, columns)).stream().findFirst();
    }

    /** Every enabled object of the datasources with all its columns. */
    public List<ExposedObject> enabledObjects(String tenantId, List<String> datasourceIds) {
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", tenantId).addValue("ds", datasourceIds);
        Map<String, List<ExposedColumn>> columns = jdbc.query("""
                select c.* from catalog.exposed_columns c join catalog.exposed_objects o on o.id = c.exposed_object_id
                where o.tenant_id = :tenant and c.tenant_id = :tenant and o.datasource_id in (:ds) and o.is_enabled
                order by c.column_name
                """, params, CatalogStore::column).stream()
                .collect(Collectors.groupingBy(ExposedColumn::exposedObjectId));
        return jdbc.query("""
                select * from catalog.exposed_objects
                where tenant_id = :tenant and datasource_id in (:ds) and is_enabled order by object_name
                """, params, (rs, i) -> CatalogStore.object(rs, columns.getOrDefault(rs.getString("id"), List.of())));
    }

    public Optional<IndexedRecord> businessRule(String tenantId, UUID id) {
        return jdbc.query("select * from context.business_rules where tenant_id = :tenant and id = :id",
                Map.of("tenant", tenantId, "id", id), (rs, i) -> new IndexedRecord(tenantId, Collection.BUSINESS_RULES,
                        id.toString(), null, SchemaText.businessRule(rs.getString("name"), rs.getString("description")),
                        Map.of("name", rs.getString("name")))).stream().findFirst();
    }

    public Optional<IndexedRecord> goldenQa(String tenantId, UUID id) {
        return jdbc.query("select * from context.golden_qa where tenant_id = :tenant and id = :id",
                Map.of("tenant", tenantId, "id", id), (rs, i) -> new IndexedRecord(tenantId, Collection.GOLDEN_QA,
                        id.toString(), rs.getString("datasource_id"),
                        SchemaText.goldenQa(rs.getString("question_text"), rs.getString("sql_text")),
                        withoutNulls("sql_text", rs.getString("sql_text"), "query_run_id", rs.getString("query_run_id"))))
                .stream().findFirst();
    }

    public Optional<IndexedRecord> feedback(String tenantId, UUID id) {
        return jdbc.query("select * from context.query_feedback where tenant_id = :tenant and id = :id",
                Map.of("tenant", tenantId, "id", id), (rs, i) -> new IndexedRecord(tenantId, Collection.QUERY_FEEDBACK,
                        id.toString(), null,
                        SchemaText.feedback(rs.getString("feedback_type"), rs.getString("feedback_text")),
                        withoutNulls("feedback_type", rs.getString("feedback_type"),
                                "query_run_id", rs.getString("query_run_id"))))
                .stream().findFirst();
    }

    /** Ids of the user's query feedback (a recall of an external Metadata DB's user drops their vectors). */
    public List<String> feedbackIdsOf(String tenantId, String userId) {
        return jdbc.queryForList("""
                select id::text from context.query_feedback where tenant_id = :t and created_by_user_id = :u
                """, Map.of("t", tenantId, "u", userId), String.class);
    }

    private List<ColumnRow> columns(String tenantId, List<String> objectIds) {
        return jdbc.query("""
                select * from catalog.exposed_columns
                where tenant_id = :tenant and exposed_object_id in (:objects) and is_exposed order by column_name
                """, new MapSqlParameterSource("tenant", tenantId)
                .addValue("objects", objectIds.stream().map(UUID::fromString).toList()), (rs, i) ->
                new ColumnRow(rs.getString("id"), rs.getString("exposed_object_id"), new SchemaText.Column(
                        rs.getString("column_name"), rs.getString("data_type"), rs.getString("logical_type"),
                        rs.getString("description"), rs.getBoolean("is_pii"))));
    }

    private static IndexedRecord objectRecord(String tenantId, ObjectRow o, List<ColumnRow> columns) {
        return new IndexedRecord(tenantId, Collection.SCHEMA_OBJECTS, o.id(), o.datasourceId(),
                SchemaText.object(o.name(), o.displayName(), o.description(),
                        columns.stream().map(ColumnRow::column).toList()),
                Map.of("exposed_object_id", o.id(), "object_name", o.name(), "datasource_id", o.datasourceId()));
    }

    private static IndexedRecord columnRecord(String tenantId, ObjectRow o, ColumnRow c) {
        return new IndexedRecord(tenantId, Collection.SCHEMA_COLUMNS, c.id(), o.datasourceId(),
                SchemaText.column(o.name(), c.column()),
                Map.of("exposed_object_id", o.id(), "object_name", o.name(), "column_name", c.column().name(),
                        "datasource_id", o.datasourceId()));
    }

    private static Map<String, String> withoutNulls(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put(pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
