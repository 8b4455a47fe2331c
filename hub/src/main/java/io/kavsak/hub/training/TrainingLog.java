package io.kavsak.hub.training;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import io.kavsak.hub.events.InvalidEventException;
import io.kavsak.hub.privacy.RecallExclusions;
import io.kavsak.hub.recall.RecallMode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The training log: per-user events that training jobs read through the {@code training_set} view.
 * An event of a user on the exclusion list is excluded on arrival: dropped after FULL_EXCLUDE, kept
 * excluded under a random surrogate, without its payload, after ANONYMIZE.
 */
@Component("trainingLog")
public class TrainingLog {

    private static final Logger log = LoggerFactory.getLogger(TrainingLog.class);

    /** What became of a recorded event. */
    public enum Outcome { RECORDED, DUPLICATE, EXCLUDED }

    @Schema(name = "TrainingEvent")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TrainingEvent(@Schema(example = "evt-2026-0001") String trainingEventId, String userId,
                                String kind, JsonNode payload, Instant occurredAt, boolean excluded) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final RecallExclusions exclusions;
    private final EventInbox inbox;

    public TrainingLog(NamedParameterJdbcTemplate jdbc, RecallExclusions exclusions, EventInbox inbox) {
        this.jdbc = jdbc;
        this.exclusions = exclusions;
        this.inbox = inbox;
    }

    public Outcome record(String tenantId, String userId, String trainingEventId, String kind, String payloadJson,
                          Instant occurredAt) {
        Optional<RecallMode> exclusion = exclusions.modeOf(tenantId, userId);
        if (exclusion.isPresent() && exclusion.get() == RecallMode.FULL_EXCLUDE) {
            return Outcome.EXCLUDED;
        }
        boolean excluded = exclusion.isPresent();
        int inserted = jdbc.update("""
                insert into training_event (tenant_id, user_id, training_event_id, kind, payload, occurred_at,
                                            excluded, excluded_at, anonymized)
                values (:t, case when :excluded then 'anon-' || gen_random_uuid() else :u end, :id, :kind,
                        case when :excluded then '{}'::jsonb else cast(:payload as jsonb) end, :at, :excluded,
                        case when :excluded then now() end, :excluded)
                on conflict (tenant_id, training_event_id) do nothing
                """, new MapSqlParameterSource().addValue("t", tenantId).addValue("u", userId)
                .addValue("id", trainingEventId).addValue("kind", kind).addValue("payload", payloadJson)
                .addValue("at", Timestamp.from(occurredAt)).addValue("excluded", excluded));
        if (excluded) {
            return Outcome.EXCLUDED;
        }
        return inserted == 1 ? Outcome.RECORDED : Outcome.DUPLICATE;
    }

    /** Consumes {@code training.event.recorded}: user_id, training_event_id, kind, occurred_at, payload. */
    public void recordFromEvent(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        JsonNode payload = event.json().get("payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            throw new InvalidEventException("'payload' must be a JSON object");
        }
        Outcome outcome = record(event.tenantId(), event.text("user_id"), event.text("training_event_id"),
                event.text("kind"), payload == null || payload.isNull() ? "{}" : payload.toString(),
                OffsetDateTime.parse(event.text("occurred_at")).toInstant());
        if (outcome == Outcome.EXCLUDED) {
            inbox.erasePayload(exchange, "the user was recalled");
        }
        log.debug("training.event.recorded {}: {}", event.eventId(), outcome);
    }

    /** The user's events still linked to them (an admin's view; excluded ones are flagged). */
    public List<TrainingEvent> forUser(String tenantId, String userId) {
        return jdbc.query("""
                select * from training_event where tenant_id = :t and user_id = :u order by occurred_at, id
                """, Map.of("t", tenantId, "u", userId), (rs, i) -> event(rs));
    }

    /** One page of the training set: what a training job may read, keyset-paged by position. */
    public List<Map<String, Object>> trainingSet(String tenantId, long after, int limit) {
        return jdbc.queryForList("""
                select id as position, user_id, training_event_id, kind, payload::text as payload, occurred_at
                from training_set where tenant_id = :t and id > :after order by id limit :limit
                """, Map.of("t", tenantId, "after", after, "limit", limit));
    }

    private static TrainingEvent event(java.sql.ResultSet rs) throws java.sql.SQLException {
        try {
            return new TrainingEvent(rs.getString("training_event_id"), rs.getString("user_id"), rs.getString("kind"),
                    io.kavsak.hub.training.TrainingApi.JSON.readTree(rs.getString("payload")),
                    rs.getTimestamp("occurred_at").toInstant(), rs.getBoolean("excluded"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
