package io.kavsak.hub.reports;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recall target for scheduled report jobs: a recipient list names people by address only, so the user's address
 * is the one the tenant configured for them ({@code privacy_user_contact}). In both modes it is removed from every
 * recipient list of the tenant; a job left without recipients is paused (its cron trigger removed), so it mails
 * nobody. The mails already requested are the notification log's (target {@code notification-log}).
 */
@Component
public class ReportRecipientsEraser implements ErasureTarget {

    private final NamedParameterJdbcTemplate jdbc;
    private final ReportSchedules schedules;

    public ReportRecipientsEraser(NamedParameterJdbcTemplate jdbc, ReportSchedules schedules) {
        this.jdbc = jdbc;
        this.schedules = schedules;
    }

    @Override
    public String name() {
        return "report-recipients";
    }

    @Override
    public int order() {
        return 330;
    }

    @Override
    @Transactional
    public long erase(RecallJob job) {
        List<String> addresses = jdbc.queryForList("""
                select lower(email) from privacy_user_contact where tenant_id = :t and user_id = :u""",
                Map.of("t", job.tenantId(), "u", job.userId()), String.class);
        if (addresses.isEmpty()) {
            return 0;
        }
        Map<String, Object> params = Map.of("t", job.tenantId(), "addresses", addresses);
        List<String> changed = jdbc.queryForList("""
                update report_schedule set recipients = array(
                    select r from unnest(recipients) r where lower(r) not in (:addresses)), updated_at = now()
                where tenant_id = :t and exists (select 1 from unnest(recipients) r where lower(r) in (:addresses))
                returning schedule_id""", params, String.class);
        List<String> emptied = jdbc.queryForList("""
                update report_schedule set enabled = false
                where tenant_id = :t and cardinality(recipients) = 0 and enabled returning schedule_id""",
                Map.of("t", job.tenantId()), String.class);
        emptied.forEach(id -> schedules.pause(job.tenantId(), id));
        return changed.size();
    }
}
