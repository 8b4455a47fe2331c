package io.kavsak.hub.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.kavsak.hub.support.HubIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The migration tool against the hub's real PostgreSQL and a real model directory under target/. */
class ModelBlobMigrationIT extends HubIntegrationTest {

    private static final String ROOT = Path.of("target", "embedded-it", "models").toAbsolutePath().toString();

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private ModelVersions versions;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private ModelBlobMigration tool() {
        console.reset();
        return new ModelBlobMigration(dataSource, ROOT, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private void legacy(String tenant, String model, String version, byte[] blob) {
        jdbc.update("insert into ml_models (tenant_id, model_name, version, model_data, created_by)"
                + " values (?, ?, ?, ?, 'before-kavsak')", tenant, model, version, blob);
    }

    @Test
    void dryRunRealRunRerunAndRollback() throws Exception {
        String tenant = "mig-" + UUID.randomUUID().toString().substring(0, 8);
        String model = "legacy-detector";
        byte[] one = TestModels.anomalyModelBytes(41);
        byte[] two = TestModels.anomalyModelBytes(42);
        legacy(tenant, model, "v1", one);
        legacy(tenant, model, "v2", two);
        legacy(tenant, model, "broken", "not a model".getBytes());

        ModelBlobMigration.Summary dry = tool().migrate(tenant, true);
        assertThat(dry).extracting(ModelBlobMigration.Summary::migrated, ModelBlobMigration.Summary::failed,
                ModelBlobMigration.Summary::skipped).containsExactly(2, 1, 0);
        assertThat(console.toString()).contains("Dry run (nothing changed): 2 would migrate, 1 failed, 0 skipped",
                "failed: " + tenant + "/" + model + "/broken");
        assertThat(versions.list(tenant, model)).allSatisfy(v -> assertThat(v.legacyData()).isTrue());

        ModelBlobMigration.Summary real = tool().migrate(tenant, false);
        assertThat(real.migrated()).isEqualTo(2);
        assertThat(real.failed()).isEqualTo(1);
        assertThat(console.toString()).contains("Migrating", "Migration: 2 migrated, 1 failed, 0 skipped");
        ModelVersion v1 = versions.find(tenant, model, "v1").orElseThrow();
        assertThat(v1.legacyData()).isFalse();
        Path file = Path.of(ROOT, model, tenant, model, v1.modelPath());
        assertThat(Files.readAllBytes(file)).isEqualTo(one);
        assertThat(versions.find(tenant, model, "broken").orElseThrow().legacyData()).isTrue();

        // idempotent: the migrated versions are skipped, the broken one fails again
        ModelBlobMigration.Summary again = tool().migrate(tenant, false);
        assertThat(again).extracting(ModelBlobMigration.Summary::migrated, ModelBlobMigration.Summary::failed,
                ModelBlobMigration.Summary::skipped).containsExactly(0, 1, 2);

        ModelBlobMigration.Summary rollback = tool().rollback(tenant, false);
        assertThat(rollback.migrated()).isEqualTo(2);
        assertThat(console.toString()).contains("Rollback: 2 restored, 0 failed");
        ModelVersion restored = versions.find(tenant, model, "v1").orElseThrow();
        assertThat(restored.legacyData()).isTrue();
        assertThat(restored.modelPath()).isNull();
        assertThat(versions.legacyData(restored.id())).isEqualTo(one);
        assertThat(file).doesNotExist();
        assertThat(tool().rollback(tenant, false).migrated()).isZero();
    }

    @Test
    void aRunStoppedAfterWritingAFileReusesItInsteadOfWritingAnother() throws Exception {
        String tenant = "mig-" + UUID.randomUUID().toString().substring(0, 8);
        String model = "stopped-detector";
        byte[] blob = TestModels.anomalyModelBytes(43);
        legacy(tenant, model, "v1", blob);
        // the stopped run got as far as the file
        ModelVolume volume = new ModelVolume(model, Path.of(ROOT, model), null, 3, 30, 90, "0 3 * * *");
        Path orphan = new ModelFiles().write(volume, tenant, model, "v1", new java.io.ByteArrayInputStream(blob),
                Long.MAX_VALUE).path();

        assertThat(tool().migrate(tenant, false).migrated()).isEqualTo(1);

        assertThat(versions.find(tenant, model, "v1").orElseThrow().modelPath())
                .isEqualTo(orphan.getFileName().toString());
        try (var files = Files.list(orphan.getParent())) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(orphan);
        }
    }
}
