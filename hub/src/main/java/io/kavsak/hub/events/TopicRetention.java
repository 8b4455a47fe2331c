package io.kavsak.hub.events;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The retention every provisioned topic gets, because its records carry personal data: a record is
 * deleted once it is older than {@code retention.ms} and its segment has rolled ({@code segment.ms}),
 * so within retention + segment roll (+ the broker's retention check interval), below the recall SLA.
 */
@Component
public class TopicRetention {

    private static final Logger log = LoggerFactory.getLogger(TopicRetention.class);

    private final Map<String, String> configs;

    public TopicRetention(@Value("${kavsak.events.retention}") Duration retention,
                          @Value("${kavsak.events.segment-roll}") Duration segmentRoll,
                          @Value("${kavsak.recall.sla}") Duration recallSla) {
        if (retention.isNegative() || retention.isZero() || segmentRoll.isNegative() || segmentRoll.isZero()
                || retention.plus(segmentRoll).compareTo(recallSla) >= 0) {
            throw new IllegalStateException("kavsak.events.retention (" + retention + ") + kavsak.events.segment-roll ("
                    + segmentRoll + ") must be positive and below kavsak.recall.sla (" + recallSla + ")");
        }
        this.configs = Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()),
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(segmentRoll.toMillis()));
    }

    /** The configs a new topic is created with. */
    public Map<String, String> configs() {
        return configs;
    }

    /** Sets the configs on existing topics whose values differ; returns how many topics were changed. */
    public int align(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (topics.isEmpty()) {
            return 0;
        }
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<ConfigResource, Config> current = admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        current.forEach((resource, config) -> {
            List<AlterConfigOp> ops = configs.entrySet().stream()
                    .filter(wanted -> {
                        ConfigEntry entry = config.get(wanted.getKey());
                        return entry == null || !wanted.getValue().equals(entry.value());
                    })
                    .map(wanted -> new AlterConfigOp(new ConfigEntry(wanted.getKey(), wanted.getValue()),
                            AlterConfigOp.OpType.SET))
                    .toList();
            if (!ops.isEmpty()) {
                changes.put(resource, ops);
            }
        });
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(60, TimeUnit.SECONDS);
            log.info("Retention {} set on {} existing topics", configs, changes.size());
        }
        return changes.size();
    }
}
