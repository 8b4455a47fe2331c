package io.kavsak.hub.indexing;

import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import io.kavsak.hub.events.InvalidEventException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The seed's embedding-service (seed 002 §2.2-3.3): each event re-reads the record it names from the
 * Metadata DB and upserts or deletes its vector; a record that no longer exists loses its vector.
 * Runs in the event's transaction, after the inbox accepted it. Malformed events never get here: the
 * event reader dead-letters them.
 */
@Component("indexingConsumers")
public class IndexingConsumers {

    private static final Logger LOG = LoggerFactory.getLogger(IndexingConsumers.class);
    static final int PROGRESS_EVERY = 256;

    private final CatalogReader catalog;
    private final RecordIndexer indexer;
    private final VectorStore store;
    private final IndexJobStore jobs;

    public IndexingConsumers(CatalogReader catalog, RecordIndexer indexer, VectorStore store, IndexJobStore jobs) {
        this.catalog = catalog;
        this.indexer = indexer;
        this.store = store;
        this.jobs = jobs;
    }

    /**
     * schema.index.requested: every enabled object and exposed column; vectors of anything else go. The job
     * row (key: the event id) shows running and progress at once and done when the vectors commit.
     */
    public void indexRequested(Exchange exchange) {
        EventEnvelope event = event(exchange);
        String tenant = event.tenantId();
        List<String> datasources = new ArrayList<>();
        event.json().path("datasource_ids").forEach(ds -> datasources.add(ds.asText()));
        String invalid = IndexRequest.invalid(datasources);
        if (invalid != null) {
            // dead-lettered at once; the dead-letter route marks the job failed with this reason
            throw new InvalidEventException(invalid);
        }
        IndexJobStore.Requested job = IndexJobStore.Requested.of(event);
        Outcome result;
        try {
            result = index(job, tenant, datasources);
        } catch (RuntimeException e) {
            jobs.attemptFailed(job, e);
            throw e;
        }
        jobs.done(job, result.records(), result.embedded(), result.removed());
        LOG.info("schema index of tenant {} done: {} records, {} embedded, {} removed", tenant, result.records(),
                result.embedded(), result.removed());
    }

    private record Outcome(int records, int embedded, int removed) {
    }

    private Outcome index(IndexJobStore.Requested job, String tenant, List<String> datasources) {
        jobs.running(job);
        List<IndexedRecord> records = catalog.schema(tenant, datasources);
        jobs.progress(job, records.size(), 0, 0);
        int embedded = 0;
        for (int from = 0; from < records.size(); from += PROGRESS_EVERY) {
            int to = Math.min(records.size(), from + PROGRESS_EVERY);
            embedded += indexer.upsert(records.subList(from, to));
            jobs.progress(job, records.size(), to, embedded);
            LOG.info("schema index of tenant {}: {}/{} records done, {} embedded", tenant, to, records.size(),
                    embedded);
        }
        Set<String> current = new HashSet<>();
        records.forEach(r -> current.add(r.collection().id() + "/" + r.recordId()));
        int deleted = 0;
        for (Collection collection : List.of(Collection.SCHEMA_OBJECTS, Collection.SCHEMA_COLUMNS)) {
            for (String id : store.recordIds(tenant, collection, datasources)) {
                if (!current.contains(collection.id() + "/" + id) && indexer.delete(tenant, collection, id)) {
                    deleted++;
                }
            }
        }
        return new Outcome(records.size(), embedded, deleted);
    }

    /** schema.object.changed: the object and its columns (unchanged ones are not embedded again). */
    public void objectChanged(Exchange exchange) {
        EventEnvelope event = event(exchange);
        String objectId = event.text("exposed_object_id");
        reconcileObject(event.tenantId(), objectId, uuid(objectId)
                .map(id -> catalog.object(event.tenantId(), id)).orElse(List.of()));
    }

    /** schema.column.changed: the column, and its object's text (which lists the column's name and type). */
    public void columnChanged(Exchange exchange) {
        EventEnvelope event = event(exchange);
        String objectId = event.text("exposed_object_id");
        String columnId = event.text("exposed_column_id");
        List<IndexedRecord> records = uuid(objectId).map(id -> catalog.object(event.tenantId(), id))
                .orElse(List.<IndexedRecord>of()).stream()
                .filter(r -> r.collection() == Collection.SCHEMA_OBJECTS || r.recordId().equals(columnId)).toList();
        indexer.upsert(records);
        if (records.stream().noneMatch(r -> r.recordId().equals(columnId))) {
            indexer.delete(event.tenantId(), Collection.SCHEMA_COLUMNS, columnId);
        }
        if (records.isEmpty()) {
            reconcileObject(event.tenantId(), objectId, records);
        }
    }

    /** context.business-rule.changed: upsert, or delete when deleted or gone. */
    public void businessRuleChanged(Exchange exchange) {
        one(exchange, "business_rule_id", Collection.BUSINESS_RULES, catalog::businessRule);
    }

    /** context.golden-qa.created: upsert into golden_qa. */
    public void goldenQaCreated(Exchange exchange) {
        one(exchange, "golden_qa_id", Collection.GOLDEN_QA, catalog::goldenQa);
    }

    /** context.query-feedback.created: the stored feedback, embedded into query_feedback (negative examples). */
    public void feedbackCreated(Exchange exchange) {
        one(exchange, "feedback_id", Collection.QUERY_FEEDBACK, catalog::feedback);
    }

    private void one(Exchange exchange, String idField, Collection collection,
                     BiFunction<String, UUID, Optional<IndexedRecord>> read) {
        EventEnvelope event = event(exchange);
        String id = event.text(idField);
        Optional<IndexedRecord> record = "deleted".equals(event.text("change_type")) ? Optional.empty()
                : uuid(id).flatMap(uuid -> read.apply(event.tenantId(), uuid));
        if (record.isPresent()) {
            indexer.upsert(record.get());
        } else {
            indexer.delete(event.tenantId(), collection, id);
        }
    }

    private void reconcileObject(String tenant, String objectId, List<IndexedRecord> records) {
        indexer.upsert(records);
        Set<String> keep = new HashSet<>();
        records.forEach(r -> keep.add(r.recordId()));
        if (!keep.contains(objectId)) {
            indexer.delete(tenant, Collection.SCHEMA_OBJECTS, objectId);
        }
        for (String column : store.recordIdsWhere(tenant, Collection.SCHEMA_COLUMNS, "exposed_object_id",
                objectId)) {
            if (!keep.contains(column)) {
                indexer.delete(tenant, Collection.SCHEMA_COLUMNS, column);
            }
        }
    }

    private static EventEnvelope event(Exchange exchange) {
        return exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
    }

    /** Kavsak's catalog ids are UUIDs; any other id (the seed's "obj-uuid") names no record, like a deleted one. */
    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
