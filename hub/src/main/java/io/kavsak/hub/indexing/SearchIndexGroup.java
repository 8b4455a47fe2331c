package io.kavsak.hub.indexing;

import io.kavsak.hub.events.EventType;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's consumer group for {@code indexing.vector.changed}. Its name is fixed once per start
 * ({@code kavsak.indexing.replica-id}; a random default resolves anew on each lookup). Before the search
 * index is rebuilt from PostgreSQL, the group is set to the topic's current end: every change committed
 * after that point is published after it, and every earlier one is in the rebuild, so nothing is
 * replayed and nothing is missed, whatever the group's name or history.
 */
public class SearchIndexGroup {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexGroup.class);
    private static final String TOPIC = EventType.INDEX_VECTOR_CHANGED.topic();

    private final String id;
    private final Admin admin;

    public SearchIndexGroup(String replicaId, Admin admin) {
        this.id = "kavsak-search-index-" + replicaId;
        this.admin = admin;
    }

    /** The group id the route {@code search-index-refresh} consumes in. */
    public String id() {
        return id;
    }

    /**
     * Commits the topic's end offsets for the group (before the rebuild). Without Kafka, without the topic
     * yet or with the group still held by a former member, the group keeps its offsets (or starts at the
     * earliest): a replay of changes the rebuild already holds, harmless since applying one is idempotent.
     */
    public void startAtEnd() {
        try {
            var partitions = admin.describeTopics(java.util.List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(TOPIC).partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition()))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions).all()
                    .get(10, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets(id, ends.entrySet().stream().collect(Collectors.toMap(
                    Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())))).all()
                    .get(10, TimeUnit.SECONDS);
            LOG.info("consumer group {} starts at the end of {} ({} partitions), after the rebuild", id, TOPIC,
                    ends.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("consumer group {} not moved to the end of {} ({}); it replays from its last offset instead",
                    id, TOPIC, e.toString());
        }
    }
}
