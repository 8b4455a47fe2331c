package io.kavsak.hub.reports;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.kavsak.hub.web.ApiProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs scheduled reports: a run record first, then the export file in the tenant's storage
 * ({@code exports/{job}/{run}.{ext}}), then, in one transaction, the run's final state, one
 * {@code notification.email.requested} per recipient and {@code scheduler.job.completed}. A failed attempt is
 * retried with exponential backoff (a one-shot Quartz trigger) until {@code kavsak.reports.schedules.run-attempts},
 * then the run fails with {@code scheduler.job.failed}.
 */
@Component
public class ReportRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ReportRuns.class);
    static final String TEMPLATE = "scheduled_report";
    private static final String COLUMNS = "run_id, schedule_id, query_id, trigger_kind, run_at, status, attempts, "
            + "started_at, finished_at, next_attempt_at, row_count, byte_count, truncated, file_path, file_deleted_at, "
            + "error, request_id";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ReportSchedules schedules;
    private final SavedQueries queries;
    private final TenantDatasources datasources;
    private final ReportExports exports;
    private final Outbox outbox;
    private final ScheduleProperties properties;
    private final ReportProperties reportProperties;
    private final Path storageRoot;

    public ReportRuns(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, ReportSchedules schedules,
                      SavedQueries queries, TenantDatasources datasources, ReportExports exports, Outbox outbox,
                      ScheduleProperties properties, ReportProperties reportProperties,
                      @Value("${kavsak.storage.root}") String storageRoot) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.schedules = schedules;
        this.queries = queries;
        this.datasources = datasources;
        this.exports = exports;
        this.outbox = outbox;
        this.properties = properties;
        this.reportProperties = reportProperties;
        this.storageRoot = Path.of(storageRoot).toAbsolutePath().normalize();
    }

    /** POST …/run: a queued run record and a one-shot trigger, in one transaction; any replica may run it. */
    public ReportRunView runNow(String tenant, String scheduleId) {
        return transactions.execute(status -> {
            ReportSchedules.Schedule schedule = schedules.require(tenant, scheduleId);
            UUID run = UUID.randomUUID();
            jdbc.update("insert into report_run (run_id, tenant_id, schedule_id, query_id, trigger_kind, run_at, "
                    + "status, attempts, request_id) values (?, ?, ?, ?, 'manual', now(), 'queued', 0, ?)",
                    run, tenant, scheduleId, schedule.queryId(), UUID.randomUUID());
            schedules.fireNow(tenant, scheduleId, run.toString());
            return require(tenant, scheduleId, run);
        });
    }

    public ReportRunView require(String tenant, String scheduleId, UUID run) {
        return jdbc.query("select " + COLUMNS + " from report_run where tenant_id = ? and schedule_id = ? "
                + "and run_id = ?", ReportRuns::view, tenant, scheduleId, run).stream().findFirst()
                .orElseThrow(() -> ApiProblem.notFound("The run " + run));
    }

    public List<ReportRunView> page(String tenant, String scheduleId, int page, int size) {
        return jdbc.query("select " + COLUMNS + " from report_run where tenant_id = ? and schedule_id = ? "
                + "order by run_at desc, run_id limit ? offset ?", ReportRuns::view, tenant, scheduleId, size,
                (long) page * size);
    }

    public long count(String tenant, String scheduleId) {
        Long total = jdbc.queryForObject("select count(*) from report_run where tenant_id = ? and schedule_id = ?",
                Long.class, tenant, scheduleId);
        return total == null ? 0 : total;
    }

    /** The Quartz job's body: never throws, a failure is the run's. */
    public void fire(String tenant, String scheduleId, String runId, Instant scheduledAt) {
        try {
            Optional<UUID> run = Optional.ofNullable(transactions.execute(status -> runId == null
                    ? startScheduled(tenant, scheduleId, scheduledAt) : continueRun(tenant, scheduleId,
                    UUID.fromString(runId))));
            run.ifPresent(id -> attempt(tenant, scheduleId, id));
        } catch (RuntimeException e) {
            LOG.error("scheduled report {} of tenant {} could not run", scheduleId, tenant, e);
        }
    }

    /** A cron firing: the run of this fire time, once (a recovered firing continues the same run). */
    private UUID startScheduled(String tenant, String scheduleId, Instant scheduledAt) {
        Optional<ReportSchedules.Schedule> schedule = schedules.find(tenant, scheduleId);
        if (schedule.isEmpty() || !schedule.get().enabled()) {
            return null; // deleted or paused after the trigger was acquired
        }
        Instant runAt = scheduledAt.truncatedTo(ChronoUnit.MILLIS);
        List<UUID> inserted = jdbc.queryForList("insert into report_run (run_id, tenant_id, schedule_id, query_id, "
                + "trigger_kind, run_at, status, attempts, started_at, request_id) "
                + "values (?, ?, ?, ?, 'schedule', ?, 'running', 1, now(), ?) "
                + "on conflict (tenant_id, schedule_id, run_at) where trigger_kind = 'schedule' do nothing "
                + "returning run_id", UUID.class, UUID.randomUUID(), tenant, scheduleId, schedule.get().queryId(),
                Timestamp.from(runAt), UUID.randomUUID());
        if (!inserted.isEmpty()) {
            due(tenant, inserted.get(0));
            return inserted.get(0);
        }
        List<UUID> open = jdbc.queryForList("select run_id from report_run where tenant_id = ? and schedule_id = ? "
                + "and run_at = ? and trigger_kind = 'schedule' and status in ('running', 'retrying')", UUID.class,
                tenant, scheduleId, Timestamp.from(runAt));
        return open.isEmpty() ? null : continueRun(tenant, scheduleId, open.get(0));
    }

    /** A manual run or a retry: the next attempt of a run that has not finished. */
    private UUID continueRun(String tenant, String scheduleId, UUID run) {
        List<Integer> attempts = jdbc.queryForList("select attempts from report_run where run_id = ? and tenant_id = ? "
                + "and schedule_id = ? and status in ('queued', 'running', 'retrying') for update", Integer.class,
                run, tenant, scheduleId);
        if (attempts.isEmpty()) {
            return null;
        }
        jdbc.update("update report_run set status = 'running', attempts = attempts + 1, "
                + "started_at = coalesce(started_at, now()), next_attempt_at = null where run_id = ?", run);
        if (attempts.get(0) == 0) {
            due(tenant, run);
        }
        return run;
    }

    private void due(String tenant, UUID run) {
        RunFacts facts = facts(run);
        Map<String, Object> payload = facts.seedFields();
        payload.put("due_at", facts.runAt.toString());
        outbox.append(EventType.SCHEDULER_JOB_DUE, tenant, payload);
    }

    private void attempt(String tenant, String scheduleId, UUID run) {
        Path file = null;
        try {
            ReportSchedules.Schedule schedule = schedules.require(tenant, scheduleId);
            SavedQueryView query = queries.find(tenant, schedule.queryId()).orElseThrow(() ->
                    new ReportQueryFailedException("the saved query " + schedule.queryId() + " no longer exists", null));
            TenantDatasources.Connectable source;
            try {
                source = datasources.connectable(tenant, query.datasourceId());
            } catch (ApiProblem e) {
                throw new ReportQueryFailedException("the datasource " + query.datasourceId() + " no longer exists",
                        e);
            }
            ExportFormat format = ExportFormat.fromDeliveryFormat(schedule.deliveryFormat());
            String relative = "exports/" + scheduleId + "/" + run + "." + format.extension();
            file = storageRoot.resolve("tenants").resolve(tenant).resolve(relative).normalize();
            // the run record names the file before it exists: retention finds a file a crash left behind
            jdbc.update("update report_run set file_path = ? where run_id = ?", relative, run);
            Files.createDirectories(file.getParent());
            ExportResult result = exports.export(source, query.sql(), query.parameters(), format, file);
            complete(tenant, schedule, query, run, relative, format, result);
        } catch (Exception e) {
            deleteQuietly(file);
            String reason = reason(e);
            LOG.warn("scheduled report {} of tenant {} run {} failed: {}", scheduleId, tenant, run, reason);
            transactions.executeWithoutResult(status -> failOrRetry(tenant, scheduleId, run, reason));
        }
    }

    private void complete(String tenant, ReportSchedules.Schedule schedule, SavedQueryView query, UUID run,
                          String relative, ExportFormat format, ExportResult result) {
        transactions.executeWithoutResult(status -> {
            int updated = jdbc.update("update report_run set status = 'succeeded', finished_at = now(), row_count = ?, "
                    + "byte_count = ?, truncated = ?, file_path = ?, error = null, next_attempt_at = null "
                    + "where run_id = ? and status = 'running'", result.rows(), result.bytes(), result.truncated(),
                    relative, run);
            if (updated != 1) {
                return; // the schedule was deleted meanwhile: no mail, no event
            }
            RunFacts facts = facts(run);
            for (String to : schedule.recipients()) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("report_name", query.name());
                params.put("run_at", facts.runAt.toString());
                params.put("row_count", result.rows());
                params.put("format", schedule.deliveryFormat());
                params.put("row_cap_note", result.truncated() ? "The PDF holds the first "
                        + reportProperties.pdfMaxRows() + " of " + result.rows() + " rows." : "");
                Map<String, Object> mail = new LinkedHashMap<>();
                mail.put("to", to);
                mail.put("body_template", TEMPLATE);
                mail.put("body_params", params);
                mail.put("attachments", List.of(Map.of("type", schedule.deliveryFormat(), "storage_url", relative)));
                mail.put("requested_by", "scheduler");
                outbox.append(EventType.EMAIL_REQUESTED, tenant, mail);
            }
            Map<String, Object> completed = facts.seedFields();
            completed.put("status", "succeeded");
            completed.put("rows", result.rows());
            completed.put("file", relative);
            completed.put("attempts", facts.attempts);
            outbox.append(EventType.SCHEDULER_JOB_COMPLETED, tenant, completed);
        });
    }

    private void failOrRetry(String tenant, String scheduleId, UUID run, String reason) {
        RunFacts facts = facts(run);
        if (facts == null) {
            return;
        }
        if (facts.attempts < properties.runAttempts()) {
            Instant next = Instant.now().plus(properties.backoff(facts.attempts + 1));
            if (jdbc.update("update report_run set status = 'retrying', error = ?, next_attempt_at = ?, "
                    + "file_path = null where run_id = ? and status = 'running'", reason, Timestamp.from(next), run) == 1) {
                schedules.fireAt(tenant, scheduleId, run.toString(), next, "retry-" + run + "-" + (facts.attempts + 1));
            }
            return;
        }
        if (jdbc.update("update report_run set status = 'failed', error = ?, finished_at = now(), file_path = null, "
                + "next_attempt_at = null where run_id = ? and status = 'running'", reason, run) == 1) {
            Map<String, Object> failed = facts.seedFields();
            failed.put("status", "failed");
            failed.put("error_message", reason);
            failed.put("attempts", facts.attempts);
            outbox.append(EventType.SCHEDULER_JOB_FAILED, tenant, failed);
        }
    }

    /** What the events of a run carry (seed 002 §5.2). */
    private record RunFacts(String scheduleId, String queryId, Instant runAt, int attempts, UUID requestId,
                            UUID runId, String channel, String format) {
        Map<String, Object> seedFields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("job_id", scheduleId);
            fields.put("run_id", runId.toString());
            fields.put("favorite_query_id", queryId);
            fields.put("run_at", runAt.toString());
            fields.put("delivery_channel", channel);
            fields.put("delivery_format", format);
            fields.put("request_id", requestId.toString());
            return fields;
        }
    }

    private RunFacts facts(UUID run) {
        return jdbc.query("select r.schedule_id, r.query_id, r.run_at, r.attempts, r.request_id, s.delivery_channel, "
                + "s.delivery_format from report_run r join report_schedule s on s.tenant_id = r.tenant_id "
                + "and s.schedule_id = r.schedule_id where r.run_id = ?", (rs, n) -> new RunFacts(rs.getString(1),
                rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getInt(4), rs.getObject(5, UUID.class), run,
                rs.getString(6), rs.getString(7)), run).stream().findFirst().orElse(null);
    }

    /** The failure as the run records it, with the root cause when a pool hides it (a refused login). */
    static String reason(Exception e) {
        String reason = e instanceof ReportQueryFailedException || e instanceof IOException
                ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !String.valueOf(reason).contains(root.getMessage())) {
            reason = reason + " (" + root.getMessage() + ")";
        }
        return reason;
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete the partial export {}: {}", file, e.getMessage());
        }
    }

    private static ReportRunView view(ResultSet rs, int row) throws SQLException {
        return new ReportRunView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs, 5), rs.getString(6), rs.getInt(7), instant(rs, 8), instant(rs, 9), instant(rs, 10),
                (Long) rs.getObject(11), (Long) rs.getObject(12), (Boolean) rs.getObject(13), rs.getString(14),
                instant(rs, 15), rs.getString(16), rs.getObject(17, UUID.class));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
