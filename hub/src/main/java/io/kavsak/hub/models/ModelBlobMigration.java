package io.kavsak.hub.models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seed 003's migration tool: moves every legacy {@code model_data} blob to a file on the model volume, with
 * {@code --dry-run}, a progress bar, a summary (migrated, failed, skipped) and {@code --rollback}, which puts the
 * blobs and paths back and removes the files it wrote. Each version is migrated in its own transaction after its
 * file is written, so a run stopped half-way loses nothing and the next run carries on; a file left by a stopped
 * run is found again by its checksum and reused.
 *
 * <pre>java -cp kavsak-hub-exec.jar -Dloader.main=io.kavsak.hub.models.ModelBlobMigration \
 *     org.springframework.boot.loader.launch.PropertiesLauncher [--dry-run | --rollback] [--tenant ID]</pre>
 * The database is {@code SPRING_DATASOURCE_URL}, {@code _USERNAME}, {@code _PASSWORD}; the volumes are those
 * registered by the operator, else {@code KAVSAK_MODELS_ROOT}/{model}.
 */
public final class ModelBlobMigration {

    /** What a run did: versions migrated (or, in a dry run, that would be), failed, and skipped. */
    public record Summary(int migrated, int failed, int skipped, List<String> failures) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ModelVolumes volumes;
    private final ModelFiles files = new ModelFiles();
    private final TribuoModelFormat format = new TribuoModelFormat();
    private final PrintStream out;

    public ModelBlobMigration(DataSource dataSource, String modelsRoot, PrintStream out) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ModelProperties defaults = new ModelProperties(modelsRoot, org.springframework.util.unit.DataSize.ofMegabytes(10),
                3, java.time.Duration.ofMillis(100), 1, new ModelProperties.Retention(3, 30, 90, "0 3 * * *"));
        this.volumes = new ModelVolumes(jdbc, defaults);
        this.out = out;
    }

    public static void main(String[] args) {
        boolean dryRun = false;
        boolean rollback = false;
        String tenant = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> dryRun = true;
                case "--rollback" -> rollback = true;
                case "--tenant" -> tenant = i + 1 < args.length ? args[++i] : null;
                default -> {
                    System.err.println("usage: ModelBlobMigration [--dry-run] [--rollback] [--tenant ID]");
                    System.exit(2);
                }
            }
        }
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                env("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:5432/kavsak"),
                env("SPRING_DATASOURCE_USERNAME", "kavsak"), env("SPRING_DATASOURCE_PASSWORD", "kavsak"));
        ModelBlobMigration migration = new ModelBlobMigration(dataSource,
                env("KAVSAK_MODELS_ROOT", "/var/lib/kavsak/models"), System.out);
        Summary summary = rollback ? migration.rollback(tenant, dryRun) : migration.migrate(tenant, dryRun);
        System.exit(summary.failed() == 0 ? 0 : 1);
    }

    /** Moves the blobs to files (or, with {@code dryRun}, only checks that each would migrate). */
    public Summary migrate(String tenant, boolean dryRun) {
        List<Map<String, Object>> legacy = jdbc.queryForList("""
                select id, tenant_id, model_name, version from ml_models
                where model_data is not null and (cast(:tenant as text) is null or tenant_id = :tenant) order by id
                """, new MapSqlParameterSource("tenant", tenant));
        int skipped = jdbc.queryForObject("""
                select count(*) from ml_models
                where model_data is null and (cast(:tenant as text) is null or tenant_id = :tenant)
                """, new MapSqlParameterSource("tenant", tenant), Integer.class);
        int migrated = 0;
        List<String> failures = new ArrayList<>();
        try (ProgressBar progress = bar(dryRun ? "Checking" : "Migrating", legacy.size())) {
            for (Map<String, Object> row : legacy) {
                String label = row.get("tenant_id") + "/" + row.get("model_name") + "/" + row.get("version");
                try {
                    migrateOne(((Number) row.get("id")).longValue(), (String) row.get("tenant_id"),
                            (String) row.get("model_name"), (String) row.get("version"), dryRun);
                    migrated++;
                } catch (IOException | RuntimeException e) {
                    failures.add(label + ": " + e.getMessage());
                }
                progress.step();
            }
        }
        return report(dryRun ? "Dry run (nothing changed)" : "Migration", new Summary(migrated, failures.size(),
                skipped, failures), dryRun ? "would migrate" : "migrated");
    }

    /** Puts back the blobs and paths of versions this tool migrated, and removes the files it wrote. */
    public Summary rollback(String tenant, boolean dryRun) {
        List<Map<String, Object>> done = jdbc.queryForList("""
                select m.id, m.tenant_id, m.model_name, m.version, m.model_path, b.previous_model_path, b.written_file
                from ml_model_blob_migrations b join ml_models m on m.id = b.model_id
                where cast(:tenant as text) is null or m.tenant_id = :tenant order by m.id
                """, new MapSqlParameterSource("tenant", tenant));
        int restored = 0;
        List<String> failures = new ArrayList<>();
        try (ProgressBar progress = bar(dryRun ? "Checking" : "Rolling back", done.size())) {
            for (Map<String, Object> row : done) {
                String label = row.get("tenant_id") + "/" + row.get("model_name") + "/" + row.get("version");
                try {
                    restoreOne(row, dryRun);
                    restored++;
                } catch (IOException | RuntimeException e) {
                    failures.add(label + ": " + e.getMessage());
                }
                progress.step();
            }
        }
        return report(dryRun ? "Rollback dry run (nothing changed)" : "Rollback",
                new Summary(restored, failures.size(), 0, failures), dryRun ? "would restore" : "restored");
    }

    private void migrateOne(long id, String tenant, String model, String version, boolean dryRun) throws IOException {
        byte[] blob = jdbc.query("select model_data from ml_models where id = :id", Map.of("id", id),
                rs -> rs.next() ? rs.getBytes(1) : null);
        if (blob == null) {
            return;
        }
        format.read(blob);
        if (dryRun) {
            return;
        }
        ModelVolume volume = volumes.of(model);
        String sha = HexFormat.of().formatHex(ModelFiles.sha256().digest(blob));
        Path file = existingCopy(volume, tenant, model, version, sha);
        if (file == null) {
            file = files.write(volume, tenant, model, version, new ByteArrayInputStream(blob), Long.MAX_VALUE).path();
        }
        String fileName = file.getFileName().toString();
        transactions.executeWithoutResult(status -> {
            // the file is this tool's unless the row already named it before the run
            jdbc.update("""
                    insert into ml_model_blob_migrations (model_id, previous_model_path, written_file)
                    select id, model_path, model_path is distinct from :path from ml_models where id = :id
                    on conflict (model_id) do nothing
                    """, new MapSqlParameterSource().addValue("id", id).addValue("path", fileName));
            jdbc.update("""
                    update ml_models set model_path = :path, size_bytes = :size, sha256 = :sha, model_data = null
                    where id = :id
                    """, new MapSqlParameterSource().addValue("id", id).addValue("path", fileName)
                    .addValue("size", (long) blob.length).addValue("sha", sha));
        });
    }

    private void restoreOne(Map<String, Object> row, boolean dryRun) throws IOException {
        long id = ((Number) row.get("id")).longValue();
        String tenant = (String) row.get("tenant_id");
        String model = (String) row.get("model_name");
        String path = (String) row.get("model_path");
        Path file = files.inside(volumes.of(model), tenant, model, path);
        byte[] bytes = Files.readAllBytes(file);
        format.read(bytes);
        if (dryRun) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            jdbc.update("update ml_models set model_data = :data, model_path = :previous where id = :id",
                    new MapSqlParameterSource().addValue("id", id).addValue("data", bytes)
                            .addValue("previous", row.get("previous_model_path")));
            jdbc.update("delete from ml_model_blob_migrations where model_id = :id", Map.of("id", id));
        });
        if (Boolean.TRUE.equals(row.get("written_file"))) {
            Files.deleteIfExists(file);
        }
    }

    /** A file a stopped run already wrote for this version: same name pattern and the same checksum. */
    private Path existingCopy(ModelVolume volume, String tenant, String model, String version, String sha)
            throws IOException {
        Path directory = files.modelDirectory(volume, tenant, model);
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(directory,
                model + "_????????_??????_" + version + "." + ModelFiles.EXTENSION)) {
            for (Path candidate : candidates) {
                if (HexFormat.of().formatHex(ModelFiles.sha256().digest(Files.readAllBytes(candidate))).equals(sha)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private ProgressBar bar(String task, int size) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(size).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build();
    }

    private Summary report(String title, Summary summary, String verb) {
        out.printf("%s: %d %s, %d failed, %d skipped%n", title, summary.migrated(), verb, summary.failed(),
                summary.skipped());
        summary.failures().forEach(failure -> out.println("  failed: " + failure));
        return summary;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
