package io.kavsak.hub.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tribuo.Model;

/** The model manager on the real hub: files on a real directory under target/, PostgreSQL, the outbox. */
class ModelManagerIT extends HubIntegrationTest {

    private static final Path MODELS_ROOT = Path.of("target", "embedded-it", "models").toAbsolutePath();

    @Autowired
    private ModelLoader loader;
    @Autowired
    private ModelVersions versions;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private ModelCleanup cleanup;
    @Autowired
    private org.apache.camel.CamelContext camel;

    private static String newName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String tenant() {
        String tenant = newName("mt");
        registerTenant(tenant);
        return tenant;
    }

    private HttpResponse<String> upload(String tenant, String model, String version, byte[] file) {
        return multipart("/api/v1/models/" + model + "/versions", TOKENS.admin("admin-1", tenant),
                Map.of("version", version, "accuracy", "0.91", "training_date", "2026-11-20T10:00:00Z"),
                model + ".tribuo", file);
    }

    private ModelVersion uploaded(String tenant, String model, String version, long seed) {
        HttpResponse<String> response = upload(tenant, model, version, TestModels.anomalyModelBytes(seed));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return versions.find(tenant, model, version).orElseThrow();
    }

    private Path fileOf(ModelVersion version) {
        return MODELS_ROOT.resolve(version.modelName()).resolve(version.tenantId()).resolve(version.modelName())
                .resolve(version.modelPath());
    }

    private HttpResponse<String> activate(String tenant, String model, String version) {
        return call("POST", "/api/v1/models/" + model + "/versions/" + version + "/activation",
                TOKENS.admin("admin-1", tenant), null);
    }

    private int outboxEvents(String tenant, String eventType) {
        return jdbc.queryForObject("select count(*) from outbox_event where tenant_id = ? and event_type = ?",
                Integer.class, tenant, eventType);
    }

    @Test
    void anUploadedVersionIsATimestampedFileWithMode644ItsChecksumAndARow() throws Exception {
        String tenant = tenant();
        String model = newName("detector");
        byte[] bytes = TestModels.anomalyModelBytes(1);

        HttpResponse<String> response = upload(tenant, model, "v1", bytes);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode saved = jsonOf(response);
        String sha = HexFormat.of().formatHex(ModelFiles.sha256().digest(bytes));
        assertThat(saved.path("sha256").asText()).isEqualTo(sha);
        assertThat(saved.path("size_bytes").asLong()).isEqualTo(bytes.length);
        assertThat(saved.path("accuracy").asDouble()).isEqualTo(0.91);
        assertThat(saved.path("is_active").asBoolean()).isFalse();
        assertThat(saved.path("created_by").asText()).isEqualTo("admin-1");
        Path file = MODELS_ROOT.resolve(model).resolve(tenant).resolve(model).resolve(saved.path("model_path").asText());
        assertThat(file.getFileName().toString()).matches(model + "_\\d{8}_\\d{6}_v1\\.tribuo");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(outboxEvents(tenant, "model.version.saved")).isEqualTo(1);

        assertThat(upload(tenant, model, "v1", bytes).statusCode()).isEqualTo(409);
    }

    @Test
    void uploadsThatAreNotModelsOrNameAPathOutsideTheModelDirectoryAreRefused() throws Exception {
        String tenant = tenant();
        String model = newName("detector");
        HttpResponse<String> notAModel = upload(tenant, model, "v1", "#!/bin/sh\nrm -rf /\n".getBytes());
        assertThat(notAModel.statusCode()).isEqualTo(400);
        assertThat(notAModel.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> traversal = upload(tenant, model, "../../../etc/x", TestModels.anomalyModelBytes(2));
        assertThat(traversal.statusCode()).isEqualTo(400);
        assertThat(jsonOf(traversal).path("field").asText()).isEqualTo("version");
        assertThat(upload(tenant, "Bad..Name", "v1", TestModels.anomalyModelBytes(2)).statusCode()).isEqualTo(400);
        // nothing was left behind, not even the refused model's temporary file
        Path directory = MODELS_ROOT.resolve(model).resolve(tenant).resolve(model);
        if (Files.exists(directory)) {
            try (var left = Files.list(directory)) {
                assertThat(left).isEmpty();
            }
        }
        assertThat(versions.list(tenant, model)).isEmpty();
        // a user (no admin role) cannot upload
        assertThat(multipart("/api/v1/models/" + model + "/versions", TOKENS.user("u", tenant),
                Map.of("version", "v1"), "m.tribuo", TestModels.anomalyModelBytes(2)).statusCode()).isEqualTo(403);
    }

    @Test
    void theRegistryListsDownloadsActivatesAndAnswersWhichVersionWasLiveWhen() throws Exception {
        String tenant = tenant();
        String model = newName("detector");
        uploaded(tenant, model, "v1", 1);
        ModelVersion v2 = uploaded(tenant, model, "v2", 2);
        String admin = TOKENS.admin("admin-1", tenant);

        Instant beforeActivation = Instant.now();
        Thread.sleep(20);
        assertThat(activate(tenant, model, "v1").statusCode()).isEqualTo(200);
        Thread.sleep(20);
        Instant whileV1 = Instant.now();
        Thread.sleep(20);
        HttpResponse<String> second = call("POST", "/api/v1/models/" + model + "/versions/v2/activation",
                TOKENS.admin("admin-2", tenant), null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(versions.active(tenant, model)).map(ModelVersion::version).hasValue("v2");

        JsonNode list = jsonOf(call("GET", "/api/v1/models", admin, null));
        assertThat(list).anySatisfy(m -> {
            assertThat(m.path("model_name").asText()).isEqualTo(model);
            assertThat(m.path("active_version").asText()).isEqualTo("v2");
            assertThat(m.path("version_count").asInt()).isEqualTo(2);
        });
        JsonNode listed = jsonOf(call("GET", "/api/v1/models/" + model + "/versions", admin, null));
        assertThat(listed).extracting(v -> v.path("version").asText()).containsExactly("v2", "v1");

        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/api/v1/models/" + model + "/versions/v2/file"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(Files.readAllBytes(fileOf(v2))).isEqualTo(download.body());
        assertThat(download.headers().firstValue("ETag")).hasValue("\"" + v2.sha256() + "\"");

        JsonNode history = jsonOf(call("GET", "/api/v1/models/" + model + "/activations", admin, null));
        assertThat(history).extracting(h -> h.path("action").asText() + " " + h.path("version").asText() + " by "
                + h.path("actor").asText())
                .containsExactly("activated v1 by admin-1", "deactivated v1 by admin-2", "activated v2 by admin-2");
        assertThat(jsonOf(call("GET", "/api/v1/models/" + model + "/live?at=" + beforeActivation, admin, null))
                .path("version").isNull()).isTrue();
        assertThat(jsonOf(call("GET", "/api/v1/models/" + model + "/live?at=" + whileV1, admin, null))
                .path("version").asText()).isEqualTo("v1");
        assertThat(jsonOf(call("GET", "/api/v1/models/" + model + "/live", admin, null)).path("version").asText())
                .isEqualTo("v2");
        assertThat(call("GET", "/api/v1/models/" + model + "/live?at=yesterday", admin, null).statusCode())
                .isEqualTo(400);

        // the active version cannot be deleted; an inactive one goes with its file
        assertThat(call("DELETE", "/api/v1/models/" + model + "/versions/v2", admin, null).statusCode()).isEqualTo(409);
        Path v1File = fileOf(versions.find(tenant, model, "v1").orElseThrow());
        assertThat(call("DELETE", "/api/v1/models/" + model + "/versions/v1", admin, null).statusCode()).isEqualTo(204);
        assertThat(v1File).doesNotExist();
        assertThat(versions.find(tenant, model, "v1")).isEmpty();

        assertThat(call("DELETE", "/api/v1/models/" + model + "/activation", admin, null).statusCode()).isEqualTo(204);
        assertThat(versions.active(tenant, model)).isEmpty();
        assertThat(loader.serving(tenant, model)).isEmpty();

        // another tenant sees nothing of it
        String other = tenant();
        String theirs = TOKENS.admin("admin-x", other);
        assertThat(call("GET", "/api/v1/models/" + model + "/versions/v2", theirs, null).statusCode()).isEqualTo(404);
        assertThat(jsonOf(call("GET", "/api/v1/models/" + model + "/versions", theirs, null))).isEmpty();
        assertThat(call("POST", "/api/v1/models/" + model + "/versions/v2/activation", theirs, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void tenConcurrentLoadersOfOneVersionCauseOneDiskRead() throws Exception {
        String tenant = tenant();
        String model = newName("detector");
        ModelVersion version = uploaded(tenant, model, "v1", 4);
        int loaders = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(loaders);
        try {
            List<Future<Model<?>>> loads = new ArrayList<>();
            for (int i = 0; i < loaders; i++) {
                loads.add(pool.submit(() -> {
                    start.await();
                    return loader.load(version);
                }));
            }
            start.countDown();
            Model<?> first = loads.get(0).get();
            for (Future<Model<?>> load : loads) {
                assertThat(load.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(meters.get("kavsak.model.disk.reads").tag("model", model).counter().count()).isEqualTo(1.0);
    }

    @Test
    void aCorruptActiveFileIsQuarantinedAnnouncedAndTheLastGoodVersionServes() throws Exception {
        String tenant = tenant();
        String model = newName("detector");
        uploaded(tenant, model, "v1", 5);
        ModelVersion v2 = uploaded(tenant, model, "v2", 6);
        assertThat(activate(tenant, model, "v2").statusCode()).isEqualTo(200);
        assertThat(loader.serving(tenant, model)).get().satisfies(s -> {
            assertThat(s.version().version()).isEqualTo("v2");
            assertThat(s.fallback()).isFalse();
        });

        // the file is damaged on disk; the hub restarts (the cached model is gone)
        Path file = fileOf(v2);
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 0x5A;
        Files.write(file, damaged);
        loader.evict(v2.id());
        double readsBefore = meters.counter("kavsak.model.disk.reads", "model", model).count();

        LoadedModel served = loader.serving(tenant, model).orElseThrow();

        assertThat(served.version().version()).isEqualTo("v1");
        assertThat(served.fallback()).isTrue();
        // three attempts (exponential backoff) at v2, then one read of v1
        assertThat(meters.counter("kavsak.model.disk.reads", "model", model).count() - readsBefore).isEqualTo(4.0);
        ModelVersion quarantined = versions.find(tenant, model, "v2").orElseThrow();
        assertThat(quarantined.status()).isEqualTo(ModelVersion.QUARANTINED);
        assertThat(quarantined.statusReason()).contains("checksum mismatch");
        assertThat(file).doesNotExist();
        assertThat(file.resolveSibling(".quarantine").resolve(file.getFileName())).exists();
        assertThat(quarantined.modelPath()).isEqualTo(".quarantine/" + file.getFileName());
        assertThat(outboxEvents(tenant, "model.version.quarantined")).isEqualTo(1);
        // a quarantined version cannot be activated again; the next call serves v1 without touching v2
        assertThat(activate(tenant, model, "v2").statusCode()).isEqualTo(409);
        assertThat(loader.serving(tenant, model)).get().extracting(s -> s.version().version()).isEqualTo("v1");
        assertThat(outboxEvents(tenant, "model.version.quarantined")).isEqualTo(1);
    }

    @Test
    void aMissingFileFallsBackToTheLastGoodVersionWithoutQuarantine() throws Exception {
        String tenant = tenant();
        String model = newName("detector");
        uploaded(tenant, model, "v1", 7);
        ModelVersion v2 = uploaded(tenant, model, "v2", 8);
        assertThat(activate(tenant, model, "v2").statusCode()).isEqualTo(200);
        loader.evict(v2.id());
        Files.delete(fileOf(v2));

        LoadedModel served = loader.serving(tenant, model).orElseThrow();

        assertThat(served.version().version()).isEqualTo("v1");
        assertThat(served.fallback()).isTrue();
        assertThat(versions.find(tenant, model, "v2").orElseThrow().status()).isEqualTo(ModelVersion.OK);
    }

    @Test
    void aLegacyVersionInTheDatabaseLoadsIsWrittenToAFileAndLosesItsBlob() throws Exception {
        String tenant = tenant();
        String model = newName("detector");
        byte[] bytes = TestModels.anomalyModelBytes(9);
        jdbc.update("""
                insert into ml_models (tenant_id, model_name, version, model_data, is_active, created_by)
                values (?, ?, 'legacy', ?, true, 'before-kavsak')
                """, tenant, model, bytes);

        LoadedModel served = loader.serving(tenant, model).orElseThrow();

        assertThat(served.version().version()).isEqualTo("legacy");
        assertThat(served.fallback()).isFalse();
        assertThat(served.model().getFeatureIDMap().size()).isEqualTo(2);
        ModelVersion migrated = versions.find(tenant, model, "legacy").orElseThrow();
        assertThat(migrated.legacyData()).isFalse();
        assertThat(migrated.modelPath()).matches(model + "_\\d{8}_\\d{6}_legacy\\.tribuo");
        assertThat(migrated.sha256()).isEqualTo(HexFormat.of().formatHex(ModelFiles.sha256().digest(bytes)));
        assertThat(Files.readAllBytes(fileOf(migrated))).isEqualTo(bytes);
    }

    @Test
    void theCleanupKeepsTheLatestVersionsDeletesOldInactiveOnesAndNeverTheActiveOne() throws Exception {
        String tenant = tenant();
        String model = newName("detector");
        HttpResponse<String> registered = call("PUT", "/api/v1/models/" + model + "/volume", TOKENS.operator(),
                "{\"mount_path\": \"" + MODELS_ROOT.resolve(model) + "\", \"keep_versions\": 3,"
                        + " \"delete_inactive_after_days\": 30, \"emergency_cleanup_disk_percent\": 90,"
                        + " \"cleanup_schedule\": \"0 3 * * *\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        for (int i = 1; i <= 5; i++) {
            uploaded(tenant, model, "v" + i, 10 + i);
        }
        assertThat(activate(tenant, model, "v1").statusCode()).isEqualTo(200);
        // v1, v2 and v3 are 40 days old; v4 and v5 are new
        jdbc.update("update ml_models set created_at = now() - interval '40 days' + (interval '1 second' * id)"
                + " where tenant_id = ? and model_name = ? and version in ('v1', 'v2', 'v3')", tenant, model);
        ModelVersion v2 = versions.find(tenant, model, "v2").orElseThrow();

        HttpResponse<String> response = call("POST", "/api/v1/models/" + model + "/cleanup", TOKENS.operator(), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = jsonOf(response);
        assertThat(result.path("deleted").asInt()).isEqualTo(1);
        assertThat(result.path("freed_bytes").asLong()).isEqualTo(v2.sizeBytes());
        assertThat(versions.list(tenant, model)).extracting(ModelVersion::version)
                .containsExactly("v5", "v4", "v3", "v1");
        assertThat(fileOf(v2)).doesNotExist();
        assertThat(versions.active(tenant, model)).map(ModelVersion::version).hasValue("v1");
        assertThat(outboxEvents(tenant, "model.cleanup.completed")).isEqualTo(1);
        JsonNode report = jsonOf(call("GET", "/api/v1/models/" + model + "/volume", TOKENS.operator(), null));
        assertThat(report.path("version_count").asInt()).isEqualTo(4);
        assertThat(report.path("active_versions").get(0).asText()).isEqualTo(tenant + "/v1");
        assertThat(report.path("last_cleanup").path("freed_bytes").asLong()).isEqualTo(v2.sizeBytes());
        assertThat(call("GET", "/api/v1/models/" + model + "/volume", TOKENS.admin("a", tenant), null).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aVolumeNinetyPercentFullIsCleanedAtOnceSparingTheActiveVersion() throws Exception {
        String tenant = tenant();
        String model = newName("detector");
        long size = TestModels.anomalyModelBytes(20).length;
        // room for a little more than three versions: the fourth upload fills the volume past 90 %
        long capacity = (long) (size * 3.6);
        assertThat(call("PUT", "/api/v1/models/" + model + "/volume", TOKENS.operator(), "{\"mount_path\": \""
                + MODELS_ROOT.resolve(model) + "\", \"capacity_bytes\": " + capacity + "}").statusCode()).isEqualTo(200);
        uploaded(tenant, model, "v1", 20);
        assertThat(activate(tenant, model, "v1").statusCode()).isEqualTo(200);
        uploaded(tenant, model, "v2", 20);
        uploaded(tenant, model, "v3", 20);
        assertThat(versions.list(tenant, model)).hasSize(3);

        uploaded(tenant, model, "v4", 20);

        // the oldest inactive version (v2) went; v1 is active and stays
        assertThat(versions.list(tenant, model)).extracting(ModelVersion::version).containsExactly("v4", "v3", "v1");
        JsonNode report = jsonOf(call("GET", "/api/v1/models/" + model + "/volume", TOKENS.operator(), null));
        assertThat(report.path("usage_percent").asDouble()).isLessThan(90.0);
        assertThat(report.path("nearly_full").asBoolean()).isFalse();
        assertThat(report.path("last_cleanup").path("kind").asText()).isEqualTo("emergency");
        assertThat(report.path("last_cleanup").path("freed_bytes").asLong()).isCloseTo(size, within(64L));
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxEvents(tenant, "model.cleanup.completed") == 1);
    }

    @Test
    void theClusteredQuartzTickRunsACleanupWhenTheModelsScheduleFallsDue() {
        // the tick is route model-cleanup-tick on the hub's clustered Quartz job store, on the configured cron
        org.apache.camel.Route route = camel.getRoute("model-cleanup-tick");
        assertThat(route).isNotNull();
        assertThat(route.getEndpoint().getEndpointUri()).startsWith("quartz://kavsak/model-cleanup-tick");
        String tenant = tenant();
        String model = newName("detector");
        // due every minute
        assertThat(call("PUT", "/api/v1/models/" + model + "/volume", TOKENS.operator(), "{\"mount_path\": \""
                + MODELS_ROOT.resolve(model) + "\", \"keep_versions\": 1, \"cleanup_schedule\": \"* * * * *\"}")
                .statusCode()).isEqualTo(200);
        uploaded(tenant, model, "v1", 30);
        uploaded(tenant, model, "v2", 31);
        jdbc.update("update ml_models set created_at = now() - interval '31 days' where tenant_id = ? and model_name = ?"
                + " and version = 'v1'", tenant, model);

        // what one firing of the tick does, on this replica: the model's schedule fell due, so it is cleaned (the
        // firing itself is Quartz's; in the full suite every cached test context is a node of the same cluster, so
        // which node fires it, and when, is not this test's to decide)
        await().atMost(Duration.ofSeconds(75)).untilAsserted(() -> {
            cleanup.tick();
            assertThat(versions.list(tenant, model)).extracting(ModelVersion::version).containsExactly("v2");
        });
        assertThat(jdbc.queryForObject("select kind from ml_model_cleanups where model_name = ? and deleted = 1",
                String.class, model)).isEqualTo("scheduled");
    }
}
