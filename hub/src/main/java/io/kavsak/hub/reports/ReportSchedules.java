package io.kavsak.hub.reports;

import io.kavsak.hub.web.ApiProblem;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's scheduled report jobs: the {@code report_schedule} row and its Quartz job and cron trigger in the
 * clustered JDBC job store, written in one transaction (Spring Boot's Quartz store joins the Spring transaction),
 * so every replica sees a change at its next trigger acquisition and no replica fires a deleted or paused job.
 * Misfire policy: fire once and proceed ({@link CronScheduleBuilder#withMisfireHandlingInstructionFireAndProceed}).
 */
@Component
public class ReportSchedules {

    public static final String GROUP = "kavsak-reports";
    static final String TENANT = "tenantId";
    static final String SCHEDULE = "scheduleId";
    static final String RUN = "runId";

    private static final String COLUMNS = "schedule_id, query_id, cron, time_zone, delivery_channel, delivery_format, "
            + "recipients, enabled, created_at, updated_at";

    /** A schedule row as the runs read it. */
    public record Schedule(String tenantId, String id, String queryId, String cron, String timeZone,
                           String deliveryChannel, String deliveryFormat, List<String> recipients, boolean enabled,
                           Instant createdAt, Instant updatedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Scheduler quartz;

    public ReportSchedules(JdbcTemplate jdbc, Scheduler quartz) {
        this.jdbc = jdbc;
        this.quartz = quartz;
    }

    public static JobKey jobKey(String tenant, String id) {
        return JobKey.jobKey(tenant + "/" + id, GROUP);
    }

    static TriggerKey cronKey(String tenant, String id) {
        return TriggerKey.triggerKey(tenant + "/" + id, GROUP);
    }

    /** Inserts or replaces the row and its Quartz job; true when it was new. */
    @Transactional
    public boolean save(String tenant, String id, ScheduleRequest request) {
        Object[] recipients = request.recipients().toArray();
        int updated = jdbc.update(con -> {
            var ps = con.prepareStatement("update report_schedule set query_id = ?, cron = ?, time_zone = ?, "
                    + "delivery_channel = ?, delivery_format = ?, recipients = ?, enabled = ?, updated_at = now() "
                    + "where tenant_id = ? and schedule_id = ?");
            ps.setString(1, request.favoriteQueryId());
            ps.setString(2, request.cron());
            ps.setString(3, request.timeZone());
            ps.setString(4, request.deliveryChannel());
            ps.setString(5, request.deliveryFormat());
            ps.setArray(6, con.createArrayOf("text", recipients));
            ps.setBoolean(7, request.enabled());
            ps.setString(8, tenant);
            ps.setString(9, id);
            return ps;
        });
        if (updated == 0) {
            jdbc.update(con -> {
                var ps = con.prepareStatement("insert into report_schedule (tenant_id, schedule_id, query_id, cron, "
                        + "time_zone, delivery_channel, delivery_format, recipients, enabled) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                ps.setString(1, tenant);
                ps.setString(2, id);
                ps.setString(3, request.favoriteQueryId());
                ps.setString(4, request.cron());
                ps.setString(5, request.timeZone());
                ps.setString(6, request.deliveryChannel());
                ps.setString(7, request.deliveryFormat());
                ps.setArray(8, con.createArrayOf("text", recipients));
                ps.setBoolean(9, request.enabled());
                return ps;
            });
        }
        register(tenant, id, request.cron(), request.timeZone(), request.enabled());
        return updated == 0;
    }

    /** Deletes the row (its runs with it) and the Quartz job with all its triggers; false when there was none. */
    @Transactional
    public boolean delete(String tenant, String id) {
        boolean deleted = jdbc.update("delete from report_schedule where tenant_id = ? and schedule_id = ?",
                tenant, id) == 1;
        try {
            quartz.deleteJob(jobKey(tenant, id));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not delete the job of schedule " + id, e);
        }
        return deleted;
    }

    /** Removes the cron trigger of a schedule that is now disabled (the job stays, for manual runs). */
    public void pause(String tenant, String id) {
        try {
            quartz.unscheduleJob(cronKey(tenant, id));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not pause schedule " + id, e);
        }
    }

    public Optional<Schedule> find(String tenant, String id) {
        return jdbc.query("select " + COLUMNS + " from report_schedule where tenant_id = ? and schedule_id = ?",
                (rs, n) -> schedule(tenant, rs), tenant, id).stream().findFirst();
    }

    public Schedule require(String tenant, String id) {
        return find(tenant, id).orElseThrow(() -> ApiProblem.notFound("The schedule " + id));
    }

    public List<Schedule> list(String tenant) {
        return jdbc.query("select " + COLUMNS + " from report_schedule where tenant_id = ? order by schedule_id",
                (rs, n) -> schedule(tenant, rs), tenant);
    }

    public ScheduleView view(Schedule s) {
        Instant next = null;
        try {
            Trigger trigger = quartz.getTrigger(cronKey(s.tenantId(), s.id()));
            if (trigger != null && trigger.getNextFireTime() != null) {
                next = trigger.getNextFireTime().toInstant();
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not read the trigger of schedule " + s.id(), e);
        }
        return new ScheduleView(s.id(), s.queryId(), s.cron(), s.timeZone(), s.deliveryChannel(), s.deliveryFormat(),
                s.recipients(), s.enabled(), next, s.createdAt(), s.updatedAt());
    }

    /** Fires the job once now, on whichever replica acquires the trigger first, for the given queued run. */
    public void fireNow(String tenant, String id, String runId) {
        fireAt(tenant, id, runId, Instant.now(), "run-" + runId);
    }

    /** Schedules a later attempt of a run (the retry backoff). */
    public void fireAt(String tenant, String id, String runId, Instant at, String triggerName) {
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(TriggerKey.triggerKey(triggerName, GROUP))
                .forJob(jobKey(tenant, id))
                .usingJobData(RUN, runId)
                .startAt(Date.from(at))
                .withSchedule(org.quartz.SimpleScheduleBuilder.simpleSchedule()
                        .withMisfireHandlingInstructionFireNow())
                .build();
        try {
            quartz.scheduleJob(trigger);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not schedule a run of schedule " + id, e);
        }
    }

    private void register(String tenant, String id, String cron, String timeZone, boolean enabled) {
        JobDetail job = JobBuilder.newJob(ScheduledReportJob.class)
                .withIdentity(jobKey(tenant, id))
                .usingJobData(TENANT, tenant)
                .usingJobData(SCHEDULE, id)
                .storeDurably()
                .requestRecovery()
                .build();
        try {
            quartz.addJob(job, true, true);
            quartz.unscheduleJob(cronKey(tenant, id));
            if (enabled) {
                quartz.scheduleJob(TriggerBuilder.newTrigger()
                        .withIdentity(cronKey(tenant, id))
                        .forJob(job)
                        .withSchedule(CronScheduleBuilder.cronSchedule(cron)
                                .inTimeZone(TimeZone.getTimeZone(java.time.ZoneId.of(timeZone)))
                                .withMisfireHandlingInstructionFireAndProceed())
                        .build());
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not register schedule " + id, e);
        }
    }

    private static Schedule schedule(String tenant, ResultSet rs) throws SQLException {
        Array recipients = rs.getArray(7);
        return new Schedule(tenant, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), Arrays.asList((String[]) recipients.getArray()), rs.getBoolean(8),
                rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant());
    }
}
