package io.kavsak.hub.events;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recall target for the event backbone's own records: the inbox keeps every consumed event and the
 * outbox every published one. A payload that names the user (any field whose value is the user's id)
 * is replaced by a marker in both modes; the row, its {@code event_id} and type stay, so a redelivered
 * copy is still recognised and has no second effect. Unpublished outbox rows are left for the relay,
 * which clears every payload as it publishes it.
 */
@Component
public class EventPayloadEraser implements ErasureTarget {

    private final NamedParameterJdbcTemplate jdbc;

    public EventPayloadEraser(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "event-payloads";
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    @Transactional
    public long erase(RecallJob job) {
        Map<String, Object> params = Map.of("t", job.tenantId(), "pattern", "%\"" + likeEscaped(job.userId()) + "\"%",
                "marker", "{\"erased_by_recall\": \"" + job.recallId() + "\"}");
        int inbox = jdbc.update("""
                update inbox_event set payload = :marker
                where tenant_id = :t and payload like :pattern escape '\\'
                """, params);
        int outbox = jdbc.update("""
                update outbox_event set payload = :marker
                where tenant_id = :t and published_at is not null and payload like :pattern escape '\\'
                """, params);
        return inbox + outbox;
    }

    /** The user id as it stands inside a JSON string, with LIKE's wildcards escaped. */
    static String likeEscaped(String userId) {
        String json = EventReader.JSON.getNodeFactory().textNode(userId).toString();
        String inner = json.substring(1, json.length() - 1);
        return inner.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
