package io.kavsak.hub.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox: a state change records the event it announces in the same database
 * transaction, and the outbox relay route publishes it to Kafka afterwards. A crash between commit
 * and publish loses nothing; the relay picks the row up again.
 */
@Component
public class Outbox {

    private final NamedParameterJdbcTemplate jdbc;
    private final EventReader reader;

    public Outbox(NamedParameterJdbcTemplate jdbc, EventReader reader) {
        this.jdbc = jdbc;
        this.reader = reader;
    }

    /** Appends an event; must run inside the transaction of the change it announces. */
    @Transactional(propagation = Propagation.MANDATORY)
    public EventEnvelope append(EventType type, String tenantId, Map<String, ?> payload) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode event = EventReader.JSON.createObjectNode();
        event.put("event_id", UUID.randomUUID().toString());
        event.put("event_type", type.eventType());
        event.put("tenant_id", tenantId);
        event.put("occurred_at", now.toString());
        payload.forEach((field, value) -> event.set(field, EventReader.JSON.valueToTree(value)));
        if (!event.hasNonNull(type.timeField())) {
            event.put(type.timeField(), now.toString());
        }
        EventEnvelope envelope = reader.validate(event, type.topic());
        jdbc.update("""
                insert into outbox_event (event_id, event_type, topic, tenant_id, record_key, payload)
                values (:eventId, :eventType, :topic, :tenantId, :recordKey, :payload)
                """, new MapSqlParameterSource()
                .addValue("eventId", envelope.eventId())
                .addValue("eventType", type.eventType())
                .addValue("topic", type.topic())
                .addValue("tenantId", tenantId)
                .addValue("recordKey", envelope.text(type.keyField()))
                .addValue("payload", envelope.toJson()));
        return envelope;
    }
}
