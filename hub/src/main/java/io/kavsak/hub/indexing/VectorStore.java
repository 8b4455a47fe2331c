package io.kavsak.hub.indexing;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The durable vector store, the source of truth the search index is derived from. One implementation
 * today (PostgreSQL arrays); a pgvector store would be another.
 */
public interface VectorStore {

    Optional<String> contentHash(String tenantId, Collection collection, String recordId);

    void upsert(StoredVector vector);

    boolean delete(String tenantId, Collection collection, String recordId);

    /** Ids of a tenant's records in a collection, optionally of some datasources only. */
    List<String> recordIds(String tenantId, Collection collection, List<String> datasourceIds);

    /** Ids of a tenant's records in a collection whose metadata field has the value. */
    List<String> recordIdsWhere(String tenantId, Collection collection, String metadataField, String value);

    Optional<StoredVector> find(String tenantId, Collection collection, String recordId);

    /** Streams every stored vector (index rebuild at start). */
    void forEach(Consumer<StoredVector> action);
}
