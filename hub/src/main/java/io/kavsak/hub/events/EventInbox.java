package io.kavsak.hub.events;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Idempotent consumption: the {@code inbox_event} table remembers every event_id a consumer route
 * has handled. Used by {@code idempotentConsumer} inside a transacted route, the row commits with the
 * event's effects or not at all, so a redelivered event has exactly one effect.
 */
@Component("eventInbox")
public class EventInbox implements IdempotentRepository {

    public static final String ENVELOPE = "kavsakEnvelope";

    private final NamedParameterJdbcTemplate jdbc;

    public EventInbox(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        EventEnvelope event = exchange.getProperty(ENVELOPE, EventEnvelope.class);
        String consumer = exchange.getFromRouteId();
        return jdbc.update("""
                insert into inbox_event (event_id, consumer, event_type, tenant_id, topic, payload)
                values (:eventId, :consumer, :eventType, :tenantId, :topic, :payload)
                on conflict do nothing
                """, new MapSqlParameterSource()
                .addValue("eventId", key)
                .addValue("consumer", consumer == null ? "unknown" : consumer)
                .addValue("eventType", event == null ? "unknown" : event.type().eventType())
                .addValue("tenantId", event == null ? null : event.tenantId())
                .addValue("topic", event == null ? "unknown" : event.type().topic())
                .addValue("payload", event == null ? exchange.getMessage().getBody(String.class) : event.toJson()))
                == 1;
    }

    /**
     * Keeps only the record that this event was handled: the consumer found it belongs to a recalled user,
     * so its payload must not stay behind in the inbox. Runs in the event's transaction.
     */
    public void erasePayload(Exchange exchange, String why) {
        jdbc.update("update inbox_event set payload = :marker where event_id = :eventId and consumer = :consumer",
                new MapSqlParameterSource()
                        .addValue("marker", EventReader.JSON.createObjectNode().put("erased", why).toString())
                        .addValue("eventId", exchange.getMessage().getHeader(EventIntake.EVENT_ID, String.class))
                        .addValue("consumer", String.valueOf(exchange.getFromRouteId())));
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists(select 1 from inbox_event where event_id = :eventId and consumer = :consumer)",
                Map.of("eventId", key, "consumer", String.valueOf(exchange.getFromRouteId())), Boolean.class));
    }

    @Override
    public boolean remove(Exchange exchange, String key) {
        // the transaction that added the key rolls it back on failure; nothing to undo here
        return false;
    }

    @Override
    public boolean confirm(Exchange exchange, String key) {
        return true;
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("the inbox records events with their exchange");
    }

    @Override
    public boolean contains(String key) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists(select 1 from inbox_event where event_id = :eventId)",
                Map.of("eventId", key), Boolean.class));
    }

    @Override
    public boolean remove(String key) {
        return false;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("the inbox is an audit record and is never cleared wholesale");
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
