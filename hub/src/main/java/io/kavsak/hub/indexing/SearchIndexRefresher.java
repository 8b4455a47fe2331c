package io.kavsak.hub.indexing;

import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import jakarta.annotation.PostConstruct;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps this replica's {@link LuceneSearchIndex} equal to the vector store: rebuilt from PostgreSQL at
 * start (no embedding), then every {@code indexing.vector.changed} published since makes it re-read that
 * one record ({@link SearchIndexGroup}). Each replica consumes those events in its own consumer group, so
 * every replica sees every change; applying one is idempotent (it copies the record's current state).
 */
@Component("searchIndexRefresher")
public class SearchIndexRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexRefresher.class);

    private final VectorStore store;
    private final LuceneSearchIndex index;
    private final SearchIndexGroup group;

    public SearchIndexRefresher(VectorStore store, LuceneSearchIndex index, SearchIndexGroup group) {
        this.store = store;
        this.index = index;
        this.group = group;
    }

    /** Runs before the routes start: the group is placed at the topic's end first, then the index is read. */
    @PostConstruct
    public void rebuild() {
        group.startAtEnd();
        long started = System.nanoTime();
        int[] count = {0};
        store.forEach(vector -> {
            index.putQuietly(vector);
            count[0]++;
        });
        index.refresh();
        LOG.info("search index rebuilt from the vector store: {} vectors in {} ms", count[0],
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Applies one {@code indexing.vector.changed}: the record's current state, whatever the event says. */
    public void apply(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        Collection collection = Collection.of(event.text("collection")).orElseThrow(
                () -> new io.kavsak.hub.events.InvalidEventException("unknown collection " + event.text("collection")));
        String tenant = event.tenantId();
        String record = event.text("record_id");
        Optional<StoredVector> stored = store.find(tenant, collection, record);
        if (stored.isEmpty()) {
            index.remove(tenant, collection, record);
        } else if (!index.contentHash(tenant, collection, record).equals(Optional.of(stored.get().contentHash()))) {
            index.put(stored.get());
        }
    }
}
