package io.kavsak.hub.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Describes a record a consuming route could not handle (the original event, untouched, beside the
 * reason and where it came from), builds its {@code <topic>.dlq} record, and turns a replayed letter
 * back into a record of its source topic.
 */
@Component("deadLetters")
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    public static final String REASON_HEADER = "kavsak_dlq_reason";

    /** What is known of a failed record; tenant, users and event id only as far as the event can be read. */
    public record Description(String topic, Integer partition, Long offset, String key, String originalEvent,
                              String reason, String errorType, int attempts, String tenantId, List<String> userIds,
                              String eventId, String eventType) {
    }

    public void describe(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String topic = exchange.getMessage().getHeader("kafka.TOPIC", String.class);
        Object key = exchange.getMessage().getHeader("kafka.KEY");
        String original = exchange.getMessage().getBody(String.class);
        JsonNode event = readable(original);
        Description letter = new Description(topic == null ? "kavsak.unknown" : topic,
                exchange.getMessage().getHeader("kafka.PARTITION", Integer.class),
                exchange.getMessage().getHeader("kafka.OFFSET", Long.class),
                key == null ? null : key.toString(), original == null ? "" : original,
                error == null || error.getMessage() == null ? "unknown" : error.getMessage(),
                error == null ? null : error.getClass().getName(),
                1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class),
                text(event, "tenant_id"), userIds(event), eventId(event), text(event, "event_type"));
        exchange.setProperty(DeadLetterStore.LETTER, letter);
        // the reason can quote the event (a parser's message does), so the log names only the kind of failure;
        // the reason itself is kept in the dead letter, where a recall reaches it
        log.warn("Dead-lettering record {}/{}@{} ({})", letter.topic(), letter.partition(), letter.offset(),
                letter.errorType());
    }

    public void toRecord(Exchange exchange) {
        Description letter = exchange.getProperty(DeadLetterStore.LETTER, Description.class);
        ObjectNode record = EventReader.JSON.createObjectNode();
        record.put("original_topic", letter.topic());
        record.put("partition", letter.partition() == null ? null : letter.partition().toString());
        record.put("offset", letter.offset() == null ? null : letter.offset().toString());
        record.put("reason", letter.reason());
        record.put("error_type", letter.errorType());
        record.put("failed_at", Instant.now().toString());
        record.put("redeliveries", letter.attempts() - 1);
        record.put("original_event", letter.originalEvent());
        setRecord(exchange, letter.topic() + EventType.DLQ_SUFFIX, letter.key(), record.toString());
        exchange.getMessage().setHeader(REASON_HEADER, letter.reason());
    }

    /** The original event of a claimed letter as a record of its source topic, keyed as it was. */
    public void toReplay(Exchange exchange) {
        DeadLetter letter = exchange.getProperty(DeadLetterStore.LETTER, DeadLetter.class);
        setRecord(exchange, letter.sourceTopic(), letter.recordKey(), letter.originalEvent());
    }

    private static void setRecord(Exchange exchange, String topic, String key, String body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("kafka.OVERRIDE_TOPIC", topic);
        if (key != null) {
            exchange.getMessage().setHeader("kafka.KEY", key);
        }
        exchange.getMessage().setBody(body);
    }

    private static JsonNode readable(String original) {
        try {
            return original == null ? null : EventReader.JSON.readTree(original);
        } catch (Exception e) {
            return null;
        }
    }

    /** The event's id as the inbox would know it: its own, or the one derived from its content. */
    private static String eventId(JsonNode event) {
        String own = text(event, "event_id");
        return own != null || !(event instanceof ObjectNode object) ? own : EventReader.derivedId(object);
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event == null ? null : event.get(field);
        return value != null && value.isValueNode() && !value.asText().isBlank() ? value.asText() : null;
    }

    /** user_id and every *_user_id field of the event (seed 002: triggered_by_user_id, created_by_user_id). */
    private static List<String> userIds(JsonNode event) {
        List<String> users = new ArrayList<>();
        if (event instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if ((field.getKey().equals("user_id") || field.getKey().endsWith("_user_id"))
                        && field.getValue().isValueNode() && !field.getValue().asText().isBlank()
                        && !users.contains(field.getValue().asText())) {
                    users.add(field.getValue().asText());
                }
            }
        }
        return users;
    }
}
