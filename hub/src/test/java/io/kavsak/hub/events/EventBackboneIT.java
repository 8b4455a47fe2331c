package io.kavsak.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

class EventBackboneIT extends HubIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    CamelContext camel;

    private KafkaProbe kafka() {
        return new KafkaProbe(services().kafka().getBrokersAsString());
    }

    private static String seedExample(String eventType) {
        try (InputStream in = EventBackboneIT.class.getResourceAsStream("/seed-002/" + eventType + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int inboxRows(String eventId) {
        return jdbc.queryForObject("select count(*) from inbox_event where event_id = ?", Integer.class, eventId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant.onboarding.completed", "schema.index.requested", "schema.object.changed",
            "schema.column.changed", "context.business-rule.changed", "context.golden-qa.created",
            "context.query-feedback.created", "query.run.completed", "notification.email.requested"})
    void everySeedExampleSentVerbatimIsAcceptedAndRecordedOnce(String eventType) {
        String verbatim = seedExample(eventType);
        String eventId = new EventReader().read(verbatim, eventType).eventId();
        int before = inboxRows(eventId);

        kafka().send(eventType, "tenant-uuid", verbatim);
        kafka().send(eventType, "tenant-uuid", verbatim);

        await().atMost(Duration.ofSeconds(30)).until(() -> inboxRows(eventId) >= 1);
        // give the second copy time to arrive; it must not add a second effect
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(inboxRows(eventId)).isEqualTo(1);
        // another IT of the same context may have sent the same verbatim example (same derived event id) before:
        // then it was recorded once already and must still be recorded once
        assertThat(before).isLessThanOrEqualTo(1);
        String storedType = jdbc.queryForObject("select event_type from inbox_event where event_id = ?",
                String.class, eventId);
        assertThat(storedType).isEqualTo(eventType);
    }

    @Test
    void anEventMissingARequiredFieldGoesToTheDeadLetterTopicWithTheReason() throws Exception {
        String marker = UUID.randomUUID().toString();
        String broken = """
                {"event_type": "schema.index.requested", "tenant_id": "t-%s",
                 "reason": "onboarding_completed", "requested_at": "2025-12-04T09:30:05Z"}
                """.formatted(marker);
        kafka().send("schema.index.requested", "t", broken);

        List<ConsumerRecord<String, String>> seen = kafka().readUntil("schema.index.requested.dlq",
                r -> r.value().contains(marker), Duration.ofSeconds(30));
        JsonNode letter = json.readTree(seen.get(seen.size() - 1).value());
        assertThat(letter.path("reason").asText()).contains("datasource_ids");
        assertThat(letter.path("original_topic").asText()).isEqualTo("schema.index.requested");
        assertThat(letter.path("original_event").asText()).isEqualTo(broken);
        assertThat(letter.path("partition").asText()).isNotBlank();
        assertThat(letter.path("offset").asText()).isNotBlank();
        // and the same letter in the dead_letter table, where the admin API finds it
        Map<String, Object> row = jdbc.queryForMap("""
                select source_topic, source_partition, source_offset, reason, attempts from dead_letter
                where original_event = ?""", broken);
        assertThat(row.get("source_topic")).isEqualTo("schema.index.requested");
        assertThat(row.get("source_partition").toString()).isEqualTo(letter.path("partition").asText());
        assertThat(row.get("source_offset").toString()).isEqualTo(letter.path("offset").asText());
        assertThat(row.get("reason").toString()).contains("datasource_ids");
        assertThat(row.get("attempts")).isEqualTo(1);
    }

    @Test
    void anUnknownEventTypeGoesToTheDeadLetterTopicAndLaterEventsStillFlow() throws Exception {
        String marker = UUID.randomUUID().toString();
        kafka().send("query.run.completed", "t",
                "{\"event_type\": \"query.run.exploded\", \"tenant_id\": \"" + marker + "\"}");
        List<ConsumerRecord<String, String>> seen = kafka().readUntil("query.run.completed.dlq",
                r -> r.value().contains(marker), Duration.ofSeconds(30));
        assertThat(json.readTree(seen.get(seen.size() - 1).value()).path("reason").asText())
                .contains("unknown event_type");

        String good = seedExample("query.run.completed").replace("query-run-uuid", "run-" + marker);
        String eventId = new EventReader().read(good, "query.run.completed").eventId();
        kafka().send("query.run.completed", "tenant-uuid", good);
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxRows(eventId) == 1);
    }

    @Test
    void notJsonAtAllIsDeadLettered() {
        String marker = UUID.randomUUID().toString();
        kafka().send("context.golden-qa.created", "t", "this is not json " + marker);
        kafka().readUntil("context.golden-qa.created.dlq", r -> r.value().contains(marker), Duration.ofSeconds(30));
    }

    @Test
    void anOutboxEventCommittedWithItsChangeIsPublishedKeyedByTenant() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        EventEnvelope event = transactions.execute(status -> outbox.append(EventType.MODEL_VERSION_SAVED, tenant,
                Map.of("model_name", "anomaly", "version", "v1")));

        List<ConsumerRecord<String, String>> seen = kafka().readUntil("model.version.saved",
                r -> r.value().contains(event.eventId()), Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = seen.get(seen.size() - 1);
        assertThat(record.key()).isEqualTo(tenant);
        JsonNode published = json.readTree(record.value());
        assertThat(published.path("event_type").asText()).isEqualTo("model.version.saved");
        assertThat(published.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(published.path("occurred_at").asText()).isNotBlank();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select published_at is not null from outbox_event where event_id = ?", Boolean.class,
                event.eventId()));
    }

    @Test
    void independentJobsAreKeyedByTheirOwnIdSoOneTenantsJobsSpreadOverPartitions() {
        String tenant = "tenant-" + UUID.randomUUID();
        String jobId = UUID.randomUUID().toString();
        EventEnvelope event = transactions.execute(status -> outbox.append(EventType.PARSER_JOB_REQUESTED, tenant,
                Map.of("job_id", jobId)));

        List<ConsumerRecord<String, String>> seen = kafka().readUntil("parser.job.requested",
                r -> r.value().contains(event.eventId()), Duration.ofSeconds(30));
        assertThat(seen.get(seen.size() - 1).key()).isEqualTo(jobId);
    }

    @Test
    void anOutboxEventWhoseTransactionRolledBackIsNeverPublished() {
        String tenant = "tenant-" + UUID.randomUUID();
        try {
            transactions.executeWithoutResult(status -> {
                outbox.append(EventType.MODEL_VERSION_SAVED, tenant, Map.of("model_name", "m", "version", "v"));
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // the change and its event roll back together
        }
        assertThat(jdbc.queryForObject("select count(*) from outbox_event where tenant_id = ?", Integer.class,
                tenant)).isZero();
    }

    @Test
    void eventsCommittedWhileTheRelayIsDownArePublishedWhenItComesBack() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        camel.getRouteController().stopRoute("outbox-relay");
        EventEnvelope event;
        try {
            event = transactions.execute(status -> outbox.append(EventType.MODEL_VERSION_SAVED, tenant,
                    Map.of("model_name", "m", "version", "v2")));
            assertThat(jdbc.queryForObject("select published_at is null from outbox_event where event_id = ?",
                    Boolean.class, event.eventId())).isTrue();
        } finally {
            camel.getRouteController().startRoute("outbox-relay");
        }
        String eventId = event.eventId();
        kafka().readUntil("model.version.saved", r -> r.value().contains(eventId), Duration.ofSeconds(30));
    }
}
