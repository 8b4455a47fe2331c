package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A replica's search-index consumer group starts at the topic's end, before the rebuild, whatever its history. */
class SearchIndexGroupIT extends HubIntegrationTest {

    private static final String TOPIC = EventType.INDEX_VECTOR_CHANGED.topic();

    @Autowired
    Admin admin;
    @Autowired
    SearchIndexGroup running;

    private Map<TopicPartition, Long> ends() throws Exception {
        var partitions = admin.describeTopics(java.util.List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(TOPIC).partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition()))
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .entrySet().stream().filter(e -> e.getKey().topic().equals(TOPIC))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @Test
    void aNewOrARestartedReplicasGroupStartsAtTheEndSoNothingBeforeTheRebuildIsReplayed() throws Exception {
        // changes on the topic: a tenant's catalog is indexed
        String tenant = "grp-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        String admin1 = TOKENS.admin("admin-1", tenant);
        assertThat(call("POST", "/api/v1/catalog/objects", admin1,
                "{\"datasource_id\": \"ds-1\", \"object_name\": \"sales.orders\"}").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> ends().values().stream().mapToLong(Long::longValue)
                .sum() > 0);

        // the running route consumes in the group the bean names
        assertThat(admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)).anyMatch(
                g -> g.groupId().equals(running.id()));

        // a new replica (a random id, as outside Kubernetes): its group starts at the end, not the earliest offset
        SearchIndexGroup fresh = new SearchIndexGroup("it-" + UUID.randomUUID(), admin);
        Map<TopicPartition, Long> before = ends();
        fresh.startAtEnd();
        assertThat(committed(fresh.id())).isEqualTo(before);

        // a restarted replica with a stable id whose group lags far behind: moved to the end as well
        SearchIndexGroup restarted = new SearchIndexGroup("it-" + UUID.randomUUID(), admin);
        admin.alterConsumerGroupOffsets(restarted.id(), before.keySet().stream().collect(Collectors.toMap(
                p -> p, p -> new OffsetAndMetadata(0)))).all().get(10, TimeUnit.SECONDS);
        new KafkaProbe(services().kafka().getBrokersAsString()).send(TOPIC, tenant, "{\"not\": \"read\"}");
        Map<TopicPartition, Long> later = ends();
        assertThat(later).isNotEqualTo(before);
        restarted.startAtEnd();
        assertThat(committed(restarted.id())).isEqualTo(later);
    }
}
