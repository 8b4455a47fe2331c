package io.kavsak.hub.events;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Reads and validates an event against the topic catalogue. Producers may leave out {@code event_id}
 * (seed 002's examples do): it is then derived from the event's content, so a resent copy is still
 * recognised as the same event. Comments in the JSON, as in the seed's examples, are tolerated.
 */
@Component
public class EventReader {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** Reads an event that arrived on {@code topic} (null when the topic is not known). */
    public EventEnvelope read(String raw, String topic) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidEventException("empty record");
        }
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidEventException("not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode event)) {
            throw new InvalidEventException("an event must be a JSON object");
        }
        return validate(event, topic);
    }

    /**
     * Validates an event already held as JSON (the outbox builds its events that way, so they are
     * checked without being written out and parsed again) and completes its event_id and occurred_at.
     */
    public EventEnvelope validate(ObjectNode event, String topic) {
        String name = textOf(event, "event_type");
        if (name == null) {
            throw new InvalidEventException("missing required field 'event_type'");
        }
        EventType type = EventType.of(name)
                .orElseThrow(() -> new InvalidEventException("unknown event_type '" + name + "'"));
        if (topic != null && !topic.equals(type.topic())) {
            throw new InvalidEventException("event_type '" + name + "' does not belong on topic '" + topic + "'");
        }
        for (String field : type.requiredFields()) {
            JsonNode value = event.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())
                    || (value.isArray() && value.isEmpty())) {
                throw new InvalidEventException("missing required field '" + field + "' for " + name);
            }
        }
        for (Map.Entry<String, Set<String>> allowed : type.allowedValues().entrySet()) {
            String value = textOf(event, allowed.getKey());
            if (value != null && !allowed.getValue().contains(value)) {
                throw new InvalidEventException("field '" + allowed.getKey() + "' is '" + value
                        + "', expected one of " + allowed.getValue());
            }
        }
        event.fieldNames().forEachRemaining(field -> {
            // a user id is always a string, so a recall finds every event that names the user
            if ((field.equals("user_id") || field.endsWith("_user_id")) && event.hasNonNull(field)
                    && !event.get(field).isTextual()) {
                throw new InvalidEventException("field '" + field + "' must be a string");
            }
            if (field.endsWith("_at") && event.hasNonNull(field)) {
                parseTime(field, event.get(field).asText());
            }
        });
        String eventId = textOf(event, "event_id");
        if (eventId == null) {
            eventId = derivedId(event);
            event.put("event_id", eventId);
        }
        Instant occurredAt = null;
        String occurred = textOf(event, "occurred_at");
        if (occurred == null) {
            occurred = textOf(event, type.timeField());
        }
        if (occurred != null) {
            occurredAt = parseTime("occurred_at", occurred);
            event.put("occurred_at", occurredAt.toString());
        }
        return new EventEnvelope(eventId, type, textOf(event, "tenant_id"), occurredAt, event);
    }

    /** A name-based UUID of the event's content with keys in a fixed order, so equal events get equal ids. */
    static String derivedId(ObjectNode event) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> sorted = new TreeMap<>(JSON.convertValue(event, Map.class));
            byte[] canonical = JSON.writeValueAsString(sorted).getBytes(StandardCharsets.UTF_8);
            return UUID.nameUUIDFromBytes(canonical).toString();
        } catch (Exception e) {
            throw new InvalidEventException("cannot derive an event_id: " + e.getMessage());
        }
    }

    private static String textOf(ObjectNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static Instant parseTime(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("field '" + field + "' is not an ISO-8601 timestamp: '" + value + "'");
        }
    }
}
