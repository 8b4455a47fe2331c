package io.kavsak.hub.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kavsak.hub.models.ModelLoader;
import io.kavsak.hub.models.ModelRegistry;
import io.kavsak.hub.models.ModelVersion;
import io.kavsak.hub.support.HubIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Seed 003's integration tests of the detector on the real hub: train → save → load, detection with a file model
 * (precision and recall on a generated labelled set), a corrupt file → quarantine → Z-score fallback, and the
 * fallback-rate alert once per episode with its mail.
 */
class AnomalyDetectionIT extends HubIntegrationTest {

    private static final String MODEL = "query-run-anomaly";

    @Autowired
    private AnomalyTrainer trainer;
    @Autowired
    private ModelRegistry registry;
    @Autowired
    private ModelLoader loader;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private MeterRegistry meters;

    @Test
    void aModelTrainedFromQueryRunsIsSavedActivatedAndDetectsAnomalousRuns() throws Exception {
        String tenant = tenant("anomaly-train");
        QueryRuns generator = new QueryRuns(42);
        history(tenant, generator, 3000);

        TrainingResult result = trainer.train(tenant, "it-admin");
        System.out.printf("ANOMALY-IT training: %d runs, %d trained, F1 %.3f on %d held-out + %d injected%n",
                result.samples(), result.trainingSamples(), result.f1(), result.evaluationNormal(),
                result.evaluationAnomalies());
        assertThat(result.activated()).isTrue();
        assertThat(result.liveF1()).isNull();
        ModelVersion version = registry.require(tenant, MODEL, result.version());
        assertThat(version.isActive()).isTrue();
        assertThat(version.accuracy()).isEqualTo(result.f1());
        Path file = registry.file(version);
        assertThat(file.getFileName().toString()).matches(MODEL + "_\\d{8}_\\d{6}_" + result.version() + "\\.tribuo");
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(version.sha256());
        assertThat(jdbc.queryForObject("""
                select count(*) from ml_model_activations where tenant_id = ? and model_name = ? and version = ?
                and action = 'activated' and actor = 'it-admin'""", Integer.class, tenant, MODEL, result.version()))
                .isEqualTo(1);

        // a second training on the same runs is no better than the live model: saved, not activated
        TrainingResult again = trainer.train(tenant, "it-admin");
        assertThat(again.liveF1()).isEqualTo(result.f1());
        assertThat(again.activated()).isEqualTo(again.f1() > result.f1());
        assertThat(registry.require(tenant, MODEL, result.version()).isActive()).isEqualTo(!again.activated());

        // detection with the file model: a labelled set of normal and clearly anomalous runs through Kafka
        loader.evict(version.id());
        Map<String, Boolean> labels = new HashMap<>();
        List<QueryRuns.Run> runs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            runs.add(generator.normal());
        }
        for (int i = 0; i < 40; i++) {
            runs.add(generator.anomalous());
        }
        Collections.shuffle(runs, new java.util.Random(1));
        send(tenant, runs, labels);
        awaitDetections(tenant, labels.size());
        List<Map<String, Object>> detections = jdbc.queryForList(
                "select query_run_id, detector, anomalous, model_version from ml_anomaly_detections where tenant_id = ?",
                tenant);
        assertThat(detections).allSatisfy(d -> {
            assertThat(d.get("detector")).isEqualTo("model");
            assertThat(d.get("model_version")).isNotNull();
        });
        Quality quality = quality(detections, labels);
        System.out.printf("ANOMALY-IT detection with the file model: precision %.3f, recall %.3f (%d normal, %d"
                + " anomalous runs)%n", quality.precision(), quality.recall(), 400, 40);
        assertThat(quality.recall()).isGreaterThanOrEqualTo(0.95);
        // floors from the first measurement (precision 0.889, recall 1.000)
        assertThat(quality.precision()).isGreaterThanOrEqualTo(0.8);

        int flagged = (int) detections.stream().filter(d -> (Boolean) d.get("anomalous")).count();
        List<com.fasterxml.jackson.databind.JsonNode> events = published("query.run.anomaly.detected", tenant, flagged);
        assertThat(events).hasSize(flagged).allSatisfy(event -> {
            assertThat(event.path("detector").asText()).isEqualTo("model");
            assertThat(event.path("model_version").asText()).isEqualTo(result.version());
            assertThat(event.path("features").path("duration_ms").isNumber()).isTrue();
            assertThat(event.has("user_id")).isFalse();
        });
        assertThat(meters.counter("kavsak.anomaly.detected", "tenant", tenant, "detector", "model").count())
                .isEqualTo(flagged);
    }

    @Test
    void anAdminTrainsTheDetectorThroughTheRestTriggerAndGetsTheOutcome() throws Exception {
        String tenant = tenant("anomaly-rest");
        String admin = TOKENS.admin("rest-admin", tenant);
        String path = "/api/v1/tenants/" + tenant + "/anomaly-detector/training";
        history(tenant, new QueryRuns(11), 500);

        // too few runs: 422, saying how many are needed and how many there are
        var tooFew = call("POST", path, admin, null);
        assertThat(tooFew.statusCode()).isEqualTo(422);
        assertThat(tooFew.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(jsonOf(tooFew).path("detail").asText()).contains("at least 1000").contains("has 500");
        // another tenant's path: 404; a user who is not an admin: 403
        String other = tenant("anomaly-rest-other");
        assertThat(call("POST", "/api/v1/tenants/" + other + "/anomaly-detector/training", admin, null).statusCode())
                .isEqualTo(404);
        assertThat(call("POST", path, TOKENS.user("rest-user", tenant), null).statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from ml_models where tenant_id = ?", Integer.class, tenant))
                .isZero();

        history(tenant, new QueryRuns(12), 2500, "more-");
        var trained = call("POST", path, admin, null);
        assertThat(trained.statusCode()).as(trained.body()).isEqualTo(200);
        var body = jsonOf(trained);
        System.out.println("ANOMALY-IT REST training: " + trained.body());
        assertThat(body.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(body.path("samples").asInt()).isEqualTo(3000);
        assertThat(body.path("training_samples").asInt() + body.path("evaluation_normal").asInt()).isEqualTo(3000);
        assertThat(body.path("evaluation_anomalies").asInt()).isPositive();
        assertThat(body.path("live_f1").isNull()).isTrue();
        assertThat(body.path("activated").asBoolean()).isTrue();
        double f1 = body.path("f1").asDouble();
        assertThat(f1).isGreaterThan(0.5);
        String versionLabel = body.path("version").asText();
        ModelVersion version = registry.require(tenant, MODEL, versionLabel);
        assertThat(version.isActive()).isTrue();
        assertThat(version.accuracy()).isEqualTo(f1);
        Path file = registry.file(version);
        assertThat(file).exists();
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(version.sha256());
        assertThat(jdbc.queryForObject("""
                select count(*) from ml_model_activations where tenant_id = ? and model_name = ? and version = ?
                and action = 'activated' and actor = 'rest-admin'""", Integer.class, tenant, MODEL, versionLabel))
                .isEqualTo(1);

        // trained again: compared with the live version on the same set
        var again = jsonOf(call("POST", path, admin, null));
        assertThat(again.path("live_f1").asDouble()).isEqualTo(f1);
        assertThat(again.path("activated").asBoolean()).isEqualTo(again.path("f1").asDouble() > f1);
        assertThat(registry.require(tenant, MODEL, versionLabel).isActive())
                .isEqualTo(!again.path("activated").asBoolean());
    }

    @Test
    void aCorruptModelFileIsQuarantinedTheZScoreAnswersAndTheFallbackAlertFiresOnceWithAMail() throws Exception {
        String tenant = tenant("anomaly-fallback");
        String contact = "ops-" + UUID.randomUUID() + "@example.com";
        assertThat(call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(), """
                {"display_name": "%s", "privacy_contact": "%s"}""".formatted(tenant, contact)).statusCode())
                .isIn(200, 201);
        QueryRuns generator = new QueryRuns(7);
        history(tenant, generator, 1500);

        // no model yet: the Z-score is the detector, not a fallback
        send(tenant, List.of(generator.normal()), new HashMap<>());
        awaitDetections(tenant, 1);
        assertThat(jdbc.queryForMap("select detector, fallback from ml_anomaly_detections where tenant_id = ?",
                tenant)).containsEntry("detector", "zscore").containsEntry("fallback", false);

        TrainingResult result = trainer.train(tenant, "it-admin");
        ModelVersion version = registry.require(tenant, MODEL, result.version());
        Path file = registry.file(version);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
        loader.evict(version.id());

        Map<String, Boolean> labels = new HashMap<>();
        List<QueryRuns.Run> runs = new ArrayList<>();
        for (int i = 0; i < 29; i++) {
            runs.add(generator.normal());
        }
        runs.add(12, new QueryRuns.Run(45 * 60_000, 800L, false, true));
        send(tenant, runs, labels);
        awaitDetections(tenant, 1 + runs.size());

        ModelVersion quarantined = registry.require(tenant, MODEL, result.version());
        assertThat(quarantined.quarantined()).isTrue();
        assertThat(quarantined.statusReason()).contains("checksum");
        assertThat(file).doesNotExist();
        assertThat(file.getParent().resolve(".quarantine").resolve(file.getFileName())).exists();
        assertThat(jdbc.queryForObject("""
                select count(*) from outbox_event where tenant_id = ? and event_type = 'model.version.quarantined'""",
                Integer.class, tenant)).isEqualTo(1);
        List<Map<String, Object>> fallbacks = jdbc.queryForList("""
                select query_run_id, detector, fallback, fallback_reason, anomalous from ml_anomaly_detections
                where tenant_id = ? and query_run_id = any(?)""", tenant, labels.keySet().toArray(new String[0]));
        assertThat(fallbacks).hasSize(runs.size()).allSatisfy(d -> {
            assertThat(d.get("detector")).isEqualTo("zscore");
            assertThat(d.get("fallback")).isEqualTo(true);
            assertThat(d.get("fallback_reason")).isNotNull();
        });
        Quality quality = quality(fallbacks, labels);
        System.out.printf("ANOMALY-IT Z-score fallback: precision %.3f, recall %.3f on %d runs%n", quality.precision(),
                quality.recall(), runs.size());
        assertThat(quality.recall()).isEqualTo(1.0);

        // more than half of the last 20 detections fell back: one alert for the episode, however long it lasts
        assertThat(jdbc.queryForObject("select count(*) from ml_anomaly_fallback_alerts where tenant_id = ?",
                Integer.class, tenant)).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                select count(*) from outbox_event where tenant_id = ? and event_type = 'anomaly.detector.fallback.alert'""",
                Integer.class, tenant)).isEqualTo(1);
        assertThat(meters.counter("kavsak.anomaly.fallback.alerts", "tenant", tenant).count()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> !mailsTo(contact).isEmpty());
        MimeMessage mail = mailsTo(contact).get(0);
        assertThat(mail.getSubject()).contains(tenant).contains("Z-score");
        Thread.sleep(1000);
        assertThat(mailsTo(contact)).hasSize(1);
    }

    private String tenant(String prefix) {
        String tenant = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        return tenant;
    }

    /** Past runs, as the audit consumer stores them, over the last 30 days. */
    private void history(String tenant, QueryRuns generator, int count) {
        history(tenant, generator, count, "hist-");
    }

    private void history(String tenant, QueryRuns generator, int count, String idPrefix) {
        Instant now = Instant.now();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            QueryRuns.Run run = generator.normal();
            Instant finished = now.minus(Duration.ofDays(30)).plusSeconds(i * (30L * 86_400 / count));
            rows.add(new Object[] {idPrefix + i, tenant, run.failed() ? "failed" : "succeeded", run.rowCount(),
                    Timestamp.from(finished.minusMillis(run.durationMs())), Timestamp.from(finished)});
        }
        jdbc.batchUpdate("""
                insert into audit.query_runs (query_run_id, tenant_id, user_id, datasource_id, status, row_count,
                    started_at, finished_at) values (?, ?, 'u-1', 'ds-1', ?, ?, ?, ?)""", rows);
    }

    private void send(String tenant, List<QueryRuns.Run> runs, Map<String, Boolean> labels) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services().kafka().getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            Instant finished = Instant.now().minusSeconds(runs.size());
            for (QueryRuns.Run run : runs) {
                String id = UUID.randomUUID().toString();
                labels.put(id, run.anomalous());
                finished = finished.plusSeconds(1);
                producer.send(new ProducerRecord<>("query.run.completed", tenant, """
                        {"event_type": "query.run.completed", "tenant_id": "%s", "user_id": "u-1",
                         "query_run_id": "%s", "datasource_id": "ds-1", "status": "%s", "row_count": %s,
                         "started_at": "%s", "finished_at": "%s"}""".formatted(tenant, id,
                        run.failed() ? "failed" : "succeeded", run.rowCount(),
                        finished.minusMillis(run.durationMs()), finished)));
            }
            producer.flush();
        }
    }

    private void awaitDetections(String tenant, int count) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.queryForObject(
                "select count(*) from ml_anomaly_detections where tenant_id = ?", Integer.class, tenant) >= count);
    }

    record Quality(double precision, double recall) {
    }

    private static Quality quality(List<Map<String, Object>> detections, Map<String, Boolean> labels) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (Map<String, Object> d : detections) {
            boolean flagged = (Boolean) d.get("anomalous");
            boolean truth = labels.get((String) d.get("query_run_id"));
            tp += flagged && truth ? 1 : 0;
            fp += flagged && !truth ? 1 : 0;
            fn += !flagged && truth ? 1 : 0;
        }
        return new Quality(tp + fp == 0 ? 0 : tp / (double) (tp + fp), tp + fn == 0 ? 0 : tp / (double) (tp + fn));
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(services().mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    /** The tenant's records on {@code topic}, read from the beginning until {@code count} arrived or 60 s passed. */
    private static List<com.fasterxml.jackson.databind.JsonNode> published(String topic, String tenant, int count) {
        List<com.fasterxml.jackson.databind.JsonNode> seen = new ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services().kafka().getBrokersAsString(),
                "group.id", "anomaly-it-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (tenant.equals(record.key())) {
                        seen.add(json(record.value()));
                    }
                });
            }
        }
        return seen;
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
