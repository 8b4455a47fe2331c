package io.kavsak.hub.events;

import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The database side of the outbox relay route: claims the oldest unpublished rows (one relay at a
 * time, so each tenant's events keep their order) and marks them published once Kafka acknowledged
 * them, in the same transaction, clearing the payload. Published rows (event id, type, topic, times)
 * are kept a while for audit, then purged.
 */
@Component("outboxRelay")
public class OutboxRelay {

    /** Advisory lock key held by the relay that is publishing; other replicas skip their turn. */
    public static final long RELAY_LOCK = 0x4b415653414bL;

    private final NamedParameterJdbcTemplate jdbc;
    private final int batchSize;
    private final int retentionDays;

    public OutboxRelay(NamedParameterJdbcTemplate jdbc,
                       @Value("${kavsak.events.outbox.batch-size:200}") int batchSize,
                       @Value("${kavsak.events.outbox.retention-days:7}") int retentionDays) {
        this.jdbc = jdbc;
        this.batchSize = batchSize;
        this.retentionDays = retentionDays;
    }

    public record OutboxRow(long id, String eventId, String topic, String recordKey, String payload) {
    }

    /** Must run in a transaction: the claim, the sends and {@link #markPublished} commit together. */
    public List<OutboxRow> claim() {
        Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(:key)",
                Map.of("key", RELAY_LOCK), Boolean.class);
        if (!Boolean.TRUE.equals(locked)) {
            return List.of();
        }
        return jdbc.query("""
                select id, event_id, topic, coalesce(record_key, tenant_id) as record_key, payload from outbox_event
                where published_at is null order by id limit :limit
                """, Map.of("limit", batchSize),
                (rs, i) -> new OutboxRow(rs.getLong("id"), rs.getString("event_id"), rs.getString("topic"),
                        rs.getString("record_key"), rs.getString("payload")));
    }

    /** Turns one claimed row into the Kafka record: the event as value, keyed as its type says (the tenant mostly). */
    public void toRecord(Exchange exchange) {
        OutboxRow row = exchange.getMessage().getBody(OutboxRow.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("kafka.OVERRIDE_TOPIC", row.topic());
        exchange.getMessage().setHeader("kafka.KEY", row.recordKey());
        exchange.getMessage().setHeader("event_id", row.eventId());
        exchange.getMessage().setBody(row.payload());
    }

    public int markPublished(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        // once Kafka has the event the row only records that it was published: no copy of the payload stays
        return jdbc.update("update outbox_event set published_at = now(), payload = '' where id in (:ids)",
                Map.of("ids", rows.stream().map(OutboxRow::id).toList()));
    }

    public int purgePublished() {
        return jdbc.update("delete from outbox_event where published_at < now() - make_interval(days => :days)",
                Map.of("days", retentionDays));
    }
}
