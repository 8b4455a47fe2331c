package io.kavsak.hub.indexing;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes records into the vector store: a record whose text and model hash to what is stored is not
 * embedded again; every change is announced as {@code indexing.vector.changed}, which each replica's
 * search index applies. Runs inside the consuming event's transaction.
 */
@Component
public class RecordIndexer {

    static final int BATCH = 64;

    private final VectorStore store;
    private final TextEmbedder embedder;
    private final Outbox outbox;
    private final MeterRegistry meters;

    public RecordIndexer(VectorStore store, TextEmbedder embedder, Outbox outbox, MeterRegistry meters) {
        this.store = store;
        this.embedder = embedder;
        this.outbox = outbox;
        this.meters = meters;
    }

    /** Upserts the records whose content changed; returns how many were embedded. */
    public int upsert(List<IndexedRecord> records) {
        List<IndexedRecord> changed = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (IndexedRecord record : records) {
            String hash = contentHash(record.content());
            if (store.contentHash(record.tenantId(), record.collection(), record.recordId())
                    .filter(hash::equals).isPresent()) {
                counter("kavsak.indexing.unchanged", record.collection()).increment();
            } else {
                changed.add(record);
                hashes.add(hash);
            }
        }
        for (int from = 0; from < changed.size(); from += BATCH) {
            List<IndexedRecord> batch = changed.subList(from, Math.min(changed.size(), from + BATCH));
            List<float[]> vectors = embedder.embedAll(batch.stream().map(IndexedRecord::content).toList());
            for (int i = 0; i < batch.size(); i++) {
                IndexedRecord record = batch.get(i);
                store.upsert(new StoredVector(record, hashes.get(from + i), embedder.model(), vectors.get(i)));
                counter("kavsak.indexing.embedded", record.collection()).increment();
                announce(record.tenantId(), record.collection(), record.recordId(), "upserted");
            }
        }
        return changed.size();
    }

    public void upsert(IndexedRecord record) {
        upsert(List.of(record));
    }

    public boolean delete(String tenantId, Collection collection, String recordId) {
        if (!store.delete(tenantId, collection, recordId)) {
            return false;
        }
        counter("kavsak.indexing.deleted", collection).increment();
        announce(tenantId, collection, recordId, "deleted");
        return true;
    }

    /** The hash that decides whether a record is embedded again: its text and the model that embeds it. */
    public String contentHash(String content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(embedder.model().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void announce(String tenantId, Collection collection, String recordId, String change) {
        outbox.append(EventType.INDEX_VECTOR_CHANGED, tenantId, Map.of("collection", collection.id(),
                "record_id", recordId, "change_type", change));
    }

    private Counter counter(String name, Collection collection) {
        return meters.counter(name, "collection", collection.id());
    }
}
