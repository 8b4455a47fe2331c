package io.kavsak.hub.indexing;

import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import io.kavsak.hub.events.EventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The seed's schema-cache-worker: the schema events, in a consumer group of their own, rewrite or drop
 * the {@link SchemaCache} entries of the objects they name, re-read from the Metadata DB. Applying one
 * copies the current state, so a replay is harmless and no inbox is needed; a Redis outage pauses this
 * consumer only (the kafka-dlq policy waits it out), never the indexing of vectors.
 */
@Component("schemaCacheWorker")
public class SchemaCacheWorker {

    private final CatalogReader catalog;
    private final SchemaCache cache;

    public SchemaCacheWorker(CatalogReader catalog, SchemaCache cache) {
        this.catalog = catalog;
        this.cache = cache;
    }

    public void apply(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        String tenant = event.tenantId();
        if (event.type() == EventType.SCHEMA_INDEX_REQUESTED) {
            List<String> datasources = new ArrayList<>();
            event.json().path("datasource_ids").forEach(ds -> datasources.add(ds.asText()));
            fullRefresh(tenant, datasources);
        } else {
            String objectId = event.text("exposed_object_id");
            Optional<ExposedObject> current = uuid(objectId).flatMap(id -> catalog.exposedObject(tenant, id));
            cache.refresh(tenant, event.text("datasource_id"), objectId, current);
        }
    }

    /** Every enabled object of the datasources written; every other cached object of them dropped. */
    void fullRefresh(String tenant, List<String> datasources) {
        if (datasources.isEmpty()) {
            return;
        }
        List<ExposedObject> enabled = catalog.enabledObjects(tenant, datasources);
        Set<String> current = new HashSet<>();
        enabled.forEach(o -> current.add(o.id()));
        for (String datasource : datasources) {
            for (String cached : cache.cachedIds(tenant, datasource)) {
                if (!current.contains(cached)) {
                    cache.drop(tenant, datasource, cached);
                }
            }
        }
        enabled.forEach(o -> cache.refresh(tenant, o.datasourceId(), o.id(), Optional.of(o)));
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
