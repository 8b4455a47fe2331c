package io.kavsak.hub.indexing;

import java.util.Map;

/** A vector as the store keeps it: the record, its content hash and the model that embedded it. */
public record StoredVector(IndexedRecord record, String contentHash, String model, float[] embedding) {

    public Map<String, String> metadata() {
        return record.metadata();
    }
}
