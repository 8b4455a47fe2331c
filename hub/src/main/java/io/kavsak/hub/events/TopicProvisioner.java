package io.kavsak.hub.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates every catalogue topic and its dead-letter twin with the configured partitions; existing
 * topics are left as they are. Called by the {@code topic-provisioning} route, which retries with
 * backoff while Kafka is unreachable, so the hub starts and records work without Kafka.
 */
@Component("topicProvisioner")
public class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;

    public TopicProvisioner(Admin admin,
                            @Value("${kavsak.events.partitions:3}") int partitions,
                            @Value("${kavsak.events.replication-factor:1}") short replicationFactor) {
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    public void provision() throws Exception {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (EventType type : EventType.values()) {
            for (String topic : List.of(type.topic(), type.deadLetterTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replicationFactor));
                }
            }
        }
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
        log.info("Kafka topics ready: {} created, {} catalogue topics with {} partitions",
                missing.size(), EventType.values().length * 2, partitions);
    }
}
