package io.kavsak.hub.notification;

import static io.kavsak.hub.notification.NotificationPipelineIT.eventId;
import static io.kavsak.hub.notification.NotificationPipelineIT.kafka;
import static io.kavsak.hub.notification.NotificationPipelineIT.mailsTo;
import static io.kavsak.hub.notification.NotificationPipelineIT.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kavsak.hub.support.ChildHub;
import io.kavsak.hub.support.HubIntegrationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two hub replicas read every request (the child hub has its own consumer group, as after a rebalance both
 * may), and every request was produced five times: each recipient still gets exactly one mail.
 */
class NotificationTwoHubsIT extends HubIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void requestsProducedFiveTimesAndReadByTwoHubsSendOneMailEach() throws Exception {
        try (ChildHub child = ChildHub.start(Path.of("target", "notification-two-hubs", "child.log"), Map.of(
                "kavsak.notification.primary.name", "child-primary",
                "kavsak.notification.backup.host", "127.0.0.1",
                "kavsak.notification.backup.port", String.valueOf(backupMail().getSmtp().getPort()),
                "kavsak.notification.poll-interval-ms", "200"))) {
            String tenant = "tenant-two-hubs-" + UUID.randomUUID();
            List<String> recipients = new ArrayList<>();
            Set<String> eventIds = new HashSet<>();
            List<String> providers = List.of();
            // Which hub's dispatcher claims a due mail is a race (one poll may claim a whole round): rounds of 40
            // go on until both hubs have sent some, at most 4; every round must give each recipient one mail.
            for (int round = 0; round < 4 && providers.size() < 2; round++) {
                List<String> requests = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String to = "two-hubs-" + round + "-" + i + "-" + UUID.randomUUID() + "@example.com";
                    String request = request(tenant, to, "appointment_reminder",
                            "{\"appointment_at\": \"2025-12-08 10:" + (10 + i) + "\"}", "");
                    recipients.add(to);
                    eventIds.add(eventId(request));
                    requests.add(request);
                }
                for (int copy = 0; copy < 5; copy++) {
                    for (String request : requests) {
                        kafka().send("notification.email.requested", tenant, request);
                    }
                }
                int sent = recipients.size();
                await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                        "select count(*) from notification where tenant_id = ? and status = 'SENT'", Integer.class,
                        tenant) == sent);
                // both hubs' consumer groups have read every copy: a second effect would have happened by now
                await().atMost(Duration.ofSeconds(60)).until(() -> activeGroupsCaughtUp() >= 2);
                providers = jdbc.queryForList("select distinct provider from notification where tenant_id = ?",
                        String.class, tenant);
            }
            for (String to : recipients) {
                assertThat(mailsTo(services().mail(), to)).as(to).hasSize(1);
            }
            assertThat(jdbc.queryForObject("select count(*) from notification where tenant_id = ?", Integer.class,
                    tenant)).isEqualTo(recipients.size());
            assertThat(providers).as("both hubs claimed and sent some").containsExactlyInAnyOrder(
                    "primary", "child-primary");
            assertThat(eventIds).hasSize(recipients.size());
        }
    }

    /** Active consumer groups whose committed offsets on the request topic reached its end. */
    private static int activeGroupsCaughtUp() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                services().kafka().getBrokersAsString()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                    .forEach(p -> latest.put(new TopicPartition(TOPIC, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            int caughtUp = 0;
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                if (group.state().orElse(ConsumerGroupState.UNKNOWN) != ConsumerGroupState.STABLE) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get();
                boolean reads = committed.keySet().stream().anyMatch(tp -> tp.topic().equals(TOPIC));
                boolean done = ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() >= end.getValue());
                if (reads && done) {
                    caughtUp++;
                }
            }
            return caughtUp;
        }
    }

    private static final String TOPIC = "notification.email.requested";
}
