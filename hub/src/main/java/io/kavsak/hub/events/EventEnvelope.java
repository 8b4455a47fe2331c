package io.kavsak.hub.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event as it travels on the backbone: the flat JSON of seed 002 ({@code event_type},
 * {@code tenant_id}, payload fields, {@code *_at} times) plus {@code event_id} and {@code occurred_at}.
 */
public record EventEnvelope(String eventId, EventType type, String tenantId, Instant occurredAt, ObjectNode json) {

    public String text(String field) {
        return json.hasNonNull(field) ? json.get(field).asText() : null;
    }

    public String toJson() {
        return json.toString();
    }
}
