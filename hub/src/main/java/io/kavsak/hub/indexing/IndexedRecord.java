package io.kavsak.hub.indexing;

import java.util.Map;

/** One record of a collection as it is embedded: its text and what a search hit shows about it. */
public record IndexedRecord(String tenantId, Collection collection, String recordId, String datasourceId,
                            String content, Map<String, String> metadata) {
}
