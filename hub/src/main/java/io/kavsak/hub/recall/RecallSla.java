package io.kavsak.hub.recall;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The 48-hour SLA watch: flags each request once when it comes within the warning window of its
 * deadline and once when it passes it, announcing both through the outbox; the route mails the
 * tenant's privacy contact.
 */
@Component("recallSla")
public class RecallSla {

    private final NamedParameterJdbcTemplate jdbc;
    private final Outbox outbox;
    private final RecallNotices notices;
    private final RecallProperties properties;

    public RecallSla(NamedParameterJdbcTemplate jdbc, Outbox outbox, RecallNotices notices, RecallProperties properties) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.notices = notices;
        this.properties = properties;
    }

    /** Flags newly at-risk and newly breached requests; returns the alerts to mail. */
    @Transactional
    public List<RecallNotice> check() {
        List<RecallNotice> alerts = new ArrayList<>();
        // skip locked: two replicas running the check at once flag each request only once
        List<RecallRequest> breached = jdbc.query("""
                update recall_request set sla_breached_at = now()
                where recall_id in (select recall_id from recall_request
                                    where sla_breached_at is null and deadline < coalesce(recall_completed_at, now())
                                    for update skip locked)
                returning *
                """, RecallRequests::row);
        for (RecallRequest request : breached) {
            outbox.append(EventType.RECALL_SLA_BREACHED, request.tenantId(), Map.of(
                    "recall_id", request.id().toString(), "user_id", request.userId(), "state", request.state().name(),
                    "deadline", request.deadline().toString(), "breached_at", Instant.now().toString()));
            alerts.add(notices.slaAlert(request, true));
        }
        List<RecallRequest> atRisk = jdbc.query("""
                update recall_request set sla_warned_at = now()
                where recall_id in (select recall_id from recall_request
                                    where sla_warned_at is null and state in ('REQUESTED', 'IN_PROGRESS', 'FAILED')
                                      and deadline >= now()
                                      and deadline < now() + make_interval(secs => :windowSeconds)
                                    for update skip locked)
                returning *
                """, new MapSqlParameterSource("windowSeconds", properties.slaWarningWindow().toSeconds()),
                RecallRequests::row);
        for (RecallRequest request : atRisk) {
            outbox.append(EventType.RECALL_SLA_WARNING, request.tenantId(), Map.of(
                    "recall_id", request.id().toString(), "user_id", request.userId(), "state", request.state().name(),
                    "deadline", request.deadline().toString(), "warned_at", Instant.now().toString()));
            alerts.add(notices.slaAlert(request, false));
        }
        return alerts;
    }
}
