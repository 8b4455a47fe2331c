package io.kavsak.hub.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes report exports older than {@code kavsak.reports.schedules.export-retention} and records it on the run
 * ({@code file_deleted_at}). Run by a clustered Quartz route (routes/report-schedule-api.camel.yaml), one replica
 * at a time.
 */
@Component("reportExportRetention")
public class ReportExportRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ReportExportRetention.class);
    private static final int BATCH = 500;

    private record Expired(UUID run, String tenant, String file) {
    }

    private final JdbcTemplate jdbc;
    private final ScheduleProperties properties;
    private final Path storageRoot;

    public ReportExportRetention(JdbcTemplate jdbc, ScheduleProperties properties,
                                 @Value("${kavsak.storage.root}") String storageRoot) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.storageRoot = Path.of(storageRoot).toAbsolutePath().normalize();
    }

    /** Deletes the expired exports; returns how many. */
    public int sweep() {
        Timestamp before = Timestamp.from(Instant.now().minus(properties.exportRetention()));
        int deleted = 0;
        List<Expired> expired;
        int before0;
        do {
            before0 = deleted;
            expired = jdbc.query("select run_id, tenant_id, file_path from report_run where file_path is not null "
                    + "and file_deleted_at is null and coalesce(finished_at, started_at, run_at) < ? "
                    + "and status in ('succeeded', 'failed') order by finished_at limit ?",
                    (rs, n) -> new Expired(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)),
                    before, BATCH);
            for (Expired e : expired) {
                Path tenantRoot = storageRoot.resolve("tenants").resolve(e.tenant()).normalize();
                Path file = tenantRoot.resolve(e.file()).normalize();
                try {
                    if (file.startsWith(tenantRoot)) {
                        Files.deleteIfExists(file);
                    }
                    jdbc.update("update report_run set file_deleted_at = now() where run_id = ?", e.run());
                    deleted++;
                } catch (IOException ex) {
                    LOG.warn("could not delete the expired export {}: {}", file, ex.getMessage());
                }
            }
        } while (expired.size() == BATCH && deleted > before0);
        return deleted;
    }
}
