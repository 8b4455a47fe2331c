package io.kavsak.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.dev.DevTokens;
import io.kavsak.hub.dev.EmbeddedServices;
import io.kavsak.hub.support.ChildHub;
import io.kavsak.hub.support.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Kafka (and Redis) down before the hub starts: the hub still starts, is ready, and records work; once
 * a broker listens at its configured address, the topics are created, every event recorded meanwhile
 * is published exactly once and the consumers start working. The hub is a child JVM on its own
 * database, so no other hub's outbox relay can publish its events.
 */
class KafkaOutageIT {

    private static final DevTokens TOKENS = new DevTokens(HubIntegrationTest.SECRET);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theHubIsReadyWithoutKafkaAndRedisAndPublishesEverythingRecordedMeanwhileOnceKafkaReturns() throws Exception {
        Map<String, String> shared = EmbeddedServices.shared().properties();
        String database = "kafka_outage_" + UUID.randomUUID().toString().substring(0, 8);
        String adminUrl = shared.get("spring.datasource.url");
        String user = shared.get("spring.datasource.username");
        String password = shared.get("spring.datasource.password");
        try (Connection db = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = db.createStatement()) {
            statement.execute("create database " + database);
        }
        String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
        int kafkaPort = ChildHub.freePort();
        int redisPort = ChildHub.freePort();
        Map<String, String> overrides = Map.of(
                "spring.datasource.url", url,
                "camel.component.kafka.brokers", "127.0.0.1:" + kafkaPort,
                "spring.data.redis.url", "redis://127.0.0.1:" + redisPort,
                "kavsak.events.provisioning.maximum-delay-ms", "2000",
                "kavsak.health.dependency-check-interval", "1s");

        Path log = Path.of("target", "kafka-outage-it", "hub.log");
        try (ChildHub hub = ChildHub.start(log, overrides)) {
            // ChildHub.start returned: readiness answered 200 with no broker and no Redis
            HttpResponse<String> readiness = get(hub.managementPort(), "/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(json.readTree(readiness.body()).path("status").asText()).isEqualTo("UP");
            JsonNode health = health(hub);
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
            assertThat(health.path("components").path("kafka").path("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.path("components").path("redis").path("status").asText()).isEqualTo("DEGRADED");
            assertThat(get(hub.managementPort(), "/actuator/prometheus", null).body())
                    .containsPattern("kavsak_dependency_up\\{[^}]*dependency=\"kafka\"[^}]*\\} 0\\.0");

            // the tenants are registered as the operator would (only registered tenants take in data)
            try (Connection db = DriverManager.getConnection(url, user, password)) {
                db.createStatement().executeUpdate("insert into tenant (tenant_id, display_name) values "
                        + "('outage-a', 'Outage A'), ('outage-b', 'Outage B') on conflict do nothing");
            }
            Map<String, String> jobs = new HashMap<>();
            for (String tenant : List.of("outage-a", "outage-b", "outage-a")) {
                String subject = "user-" + UUID.randomUUID();
                String token = TOKENS.user(subject, tenant);
                HttpResponse<String> submitted = post(hub.port(), "/api/v1/parser/parse-text-async", token,
                        json.createObjectNode().put("user_id", subject).put("session_id", "s")
                                .put("text", "Backend developer with Java and Kafka").toString());
                assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
                jobs.put(json.readTree(submitted.body()).path("job_id").asText(), token);
            }
            Map<String, String> recorded = outbox(url, user, password, false);
            assertThat(recorded).hasSize(3);
            assertThat(outbox(url, user, password, true)).as("nothing published without Kafka").isEmpty();

            // topic provisioning failed at least once and is retried in the background (topic-provisioning route)
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("On delivery attempt: 1"));

            EmbeddedKafkaKraftBroker kafka = EmbeddedServices.kafkaOn(kafkaPort);
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> outbox(url, user, password, true).keySet().containsAll(recorded.keySet()));
                Map<String, Integer> published = readEventIds(kafka.getBrokersAsString(),
                        new HashSet<>(recorded.values()), recorded.keySet());
                published.keySet().retainAll(recorded.keySet());
                assertThat(published.keySet()).as("every event recorded without Kafka").isEqualTo(recorded.keySet());
                assertThat(published).allSatisfy((eventId, copies) -> assertThat(copies).as("copies of " + eventId)
                        .isEqualTo(1));

                // the consumers started too: every job is parsed
                jobs.forEach((jobId, token) -> await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> json.readTree(
                                get(hub.port(), "/api/v1/parser/job/" + jobId, token).body())
                                .path("status").asText().equals("success")));
                await().atMost(Duration.ofSeconds(30)).until(() -> health(hub).path("components").path("kafka")
                        .path("status").asText().equals("UP"));
            } finally {
                kafka.destroy();
            }
        }
    }

    private JsonNode health(ChildHub hub) throws Exception {
        HttpResponse<String> response = get(hub.managementPort(), "/actuator/health", TOKENS.operator());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** event_id → topic of the outbox rows, published or not yet. */
    private static Map<String, String> outbox(String url, String user, String password, boolean published)
            throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection db = DriverManager.getConnection(url, user, password);
             Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("select event_id, topic from outbox_event where published_at is "
                     + (published ? "not null" : "null"))) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    /** How many records of each expected event_id the topics hold, read until none arrive for 5 s. */
    private Map<String, Integer> readEventIds(String brokers, Set<String> topics, Set<String> expected)
            throws Exception {
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "outage-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(topics);
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && (!copies.keySet().containsAll(expected)
                    || System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos())) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    copies.merge(json.readTree(record.value()).path("event_id").asText(), 1, Integer::sum);
                    quietSince = System.nanoTime();
                }
            }
        }
        return copies;
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
