package io.kavsak.hub.indexing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link VectorStore} on the table {@code indexing.vectors}, a vector being a {@code real[]}. */
@Component
public class PostgresVectorStore implements VectorStore {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() { };

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    public PostgresVectorStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> contentHash(String tenantId, Collection collection, String recordId) {
        return jdbc.queryForList("""
                select content_hash from indexing.vectors
                where tenant_id = :tenant and collection = :collection and record_id = :record
                """, key(tenantId, collection, recordId), String.class).stream().findFirst();
    }

    @Override
    public void upsert(StoredVector vector) {
        IndexedRecord r = vector.record();
        Float[] boxed = new Float[vector.embedding().length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = vector.embedding()[i];
        }
        try {
            jdbc.update("""
                    insert into indexing.vectors (tenant_id, collection, record_id, datasource_id, content_hash, model,
                        content, metadata, embedding)
                    values (:tenant, :collection, :record, :ds, :hash, :model, :content, :metadata, :embedding)
                    on conflict (tenant_id, collection, record_id) do update set datasource_id = excluded.datasource_id,
                        content_hash = excluded.content_hash, model = excluded.model, content = excluded.content,
                        metadata = excluded.metadata, embedding = excluded.embedding, updated_at = now()
                    """, key(r.tenantId(), r.collection(), r.recordId()).addValue("ds", r.datasourceId())
                    .addValue("hash", vector.contentHash()).addValue("model", vector.model())
                    .addValue("content", r.content()).addValue("metadata", json.writeValueAsString(r.metadata()))
                    .addValue("embedding", new RealArray(boxed)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean delete(String tenantId, Collection collection, String recordId) {
        return jdbc.update("""
                delete from indexing.vectors where tenant_id = :tenant and collection = :collection and record_id = :record
                """, key(tenantId, collection, recordId)) > 0;
    }

    @Override
    public List<String> recordIds(String tenantId, Collection collection, List<String> datasourceIds) {
        return jdbc.queryForList("""
                select record_id from indexing.vectors where tenant_id = :tenant and collection = :collection
                  and (:anyDs or datasource_id in (:ds))
                """, key(tenantId, collection, null).addValue("anyDs", datasourceIds == null || datasourceIds.isEmpty())
                .addValue("ds", datasourceIds == null || datasourceIds.isEmpty() ? List.of("") : datasourceIds),
                String.class);
    }

    @Override
    public List<String> recordIdsWhere(String tenantId, Collection collection, String metadataField, String value) {
        return jdbc.queryForList("""
                select record_id from indexing.vectors where tenant_id = :tenant and collection = :collection
                  and metadata::jsonb ->> :field = :value
                """, key(tenantId, collection, null).addValue("field", metadataField).addValue("value", value),
                String.class);
    }

    @Override
    public Optional<StoredVector> find(String tenantId, Collection collection, String recordId) {
        return jdbc.query("""
                select * from indexing.vectors
                where tenant_id = :tenant and collection = :collection and record_id = :record
                """, key(tenantId, collection, recordId), this::row).stream().findFirst();
    }

    @Override
    public void forEach(Consumer<StoredVector> action) {
        JdbcTemplate plain = jdbc.getJdbcTemplate();
        plain.query(con -> {
            var statement = con.prepareStatement("select * from indexing.vectors");
            statement.setFetchSize(1000);
            return statement;
        }, rs -> {
            action.accept(row(rs, 0));
        });
    }

    private StoredVector row(ResultSet rs, int i) throws SQLException {
        Array array = rs.getArray("embedding");
        Object[] values = (Object[]) array.getArray();
        float[] embedding = new float[values.length];
        for (int j = 0; j < values.length; j++) {
            embedding[j] = ((Number) values[j]).floatValue();
        }
        Map<String, String> metadata;
        try {
            metadata = json.readValue(rs.getString("metadata"), METADATA);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("unreadable metadata", e);
        }
        IndexedRecord record = new IndexedRecord(rs.getString("tenant_id"),
                Collection.of(rs.getString("collection")).orElseThrow(), rs.getString("record_id"),
                rs.getString("datasource_id"), rs.getString("content"), metadata);
        return new StoredVector(record, rs.getString("content_hash"), rs.getString("model"), embedding);
    }

    private static MapSqlParameterSource key(String tenantId, Collection collection, String recordId) {
        return new MapSqlParameterSource().addValue("tenant", tenantId).addValue("collection", collection.id())
                .addValue("record", recordId);
    }

    /** A {@code real[]} parameter. */
    private record RealArray(Float[] values) implements org.springframework.jdbc.support.SqlValue {
        @Override
        public void setValue(java.sql.PreparedStatement ps, int index) throws SQLException {
            ps.setArray(index, ps.getConnection().createArrayOf("float4", values));
        }

        @Override
        public void cleanup() {
        }
    }
}
