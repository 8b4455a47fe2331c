package io.kavsak.hub.reports;

import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Quartz job of a scheduled report: one instance per firing, on whichever replica of the cluster acquired the
 * trigger (Spring's job factory injects the beans). A cron firing starts a run; a firing that names a run
 * (a manual run, a retry) continues that run.
 */
@org.quartz.DisallowConcurrentExecution
public class ScheduledReportJob implements Job {

    private ReportRuns runs;

    @Autowired
    public void setRuns(ReportRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        Instant scheduled = context.getScheduledFireTime() == null ? Instant.now()
                : context.getScheduledFireTime().toInstant();
        runs.fire(data.getString(ReportSchedules.TENANT), data.getString(ReportSchedules.SCHEDULE),
                data.containsKey(ReportSchedules.RUN) ? data.getString(ReportSchedules.RUN) : null, scheduled);
    }
}
