package io.kavsak.hub.notification;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import io.kavsak.hub.recall.RecallMode;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recall target for the notification log: the notifications sent to the user's address (the one the tenant
 * configured for the user) or naming the user's id. FULL_EXCLUDE deletes them; ANONYMIZE keeps the entry
 * (status, template, provider, times) without the address and the request. A notification not sent yet is
 * never sent. The inbox copies of those requests lose their payload too.
 */
@Component
public class NotificationLogEraser implements ErasureTarget {

    private final NamedParameterJdbcTemplate jdbc;

    public NotificationLogEraser(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "notification-log";
    }

    @Override
    public int order() {
        return 320;
    }

    @Override
    @Transactional
    public long erase(RecallJob job) {
        List<String> addresses = jdbc.queryForList("""
                select lower(email) from privacy_user_contact where tenant_id = :t and user_id = :u""",
                Map.of("t", job.tenantId(), "u", job.userId()), String.class);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("t", job.tenantId())
                .addValue("addresses", addresses.isEmpty() ? List.of("") : addresses)
                .addValue("userPattern", "%\"" + likeEscaped(job.userId()) + "\"%")
                .addValue("marker", "{\"erased_by_recall\": \"" + job.recallId() + "\"}");
        String theUsers = """
                tenant_id = :t and (lower(recipient) in (:addresses) or request like :userPattern escape '\\')""";
        int rows;
        if (job.mode() == RecallMode.FULL_EXCLUDE) {
            rows = jdbc.update("delete from notification where " + theUsers, params);
        } else {
            rows = jdbc.update("""
                    update notification set recipient = null, request = :marker,
                        status = case when status in ('PENDING', 'SENDING') then 'FAILED' else status end,
                        reason = case when status in ('PENDING', 'SENDING') then 'erased by a data recall' else reason end,
                        finished_at = coalesce(finished_at, now())
                    where\s""" + theUsers, params);
        }
        int inbox = 0;
        for (String address : addresses) {
            inbox += jdbc.update("""
                    update inbox_event set payload = :marker
                    where tenant_id = :t and event_type = 'notification.email.requested' and payload ilike :pattern escape '\\'
                    """, new MapSqlParameterSource().addValue("t", job.tenantId())
                    .addValue("marker", "{\"erased\": \"recall " + job.recallId() + "\"}")
                    .addValue("pattern", "%\"" + likeEscaped(address) + "\"%"));
        }
        return rows + inbox;
    }

    /** A value as it stands inside a JSON string, with LIKE's wildcards escaped. */
    private static String likeEscaped(String value) {
        String json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(value).toString();
        String inner = json.substring(1, json.length() - 1);
        return inner.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
