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
 * Creates every catalogue topic and its dead-letter twin with the configured partitions and
 * {@link TopicRetention}; existing topics keep their partitions and get their retention aligned. Called
 * by the {@code topic-provisioning} route, which retries with backoff while Kafka is unreachable, so the
 * hub starts and records work without Kafka.
 */
@Component("topicProvisioner")
public class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;
    private final TopicRetention retention;

    public TopicProvisioner(Admin admin, TopicRetention retention,
                            @Value("${kavsak.events.partitions:3}") int partitions,
                            @Value("${kavsak.events.replication-factor:1}") short replicationFactor) {
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.retention = retention;
    }

    public void provision() throws Exception {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (EventType type : EventType.values()) {
            for (String topic : List.of(type.topic(), type.deadLetterTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replicationFactor).configs(retention.configs()));
                } else {
                    present.add(topic);
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
        retention.align(admin, present);
        log.info("Kafka topics ready: {} created, {} catalogue topics with {} partitions",
                missing.size(), EventType.values().length * 2, partitions);
    }
}
