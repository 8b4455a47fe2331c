package io.kavsak.hub.features;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The feature store a recall erases: per-user numeric features, offline in PostgreSQL
 * ({@code feature_value}) and online in a Redis hash {@code features:{tenant}:{user}}. Writes for a
 * user whose recall is open or who was recalled (see {@link #upsert}) cannot bring erased data back.
 */
@Component("featureStore")
public class FeatureStore {

    private static final Logger log = LoggerFactory.getLogger(FeatureStore.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final StringRedisTemplate redis;
    private final RecallExclusions exclusions;
    private final EventInbox inbox;

    public FeatureStore(NamedParameterJdbcTemplate jdbc, StringRedisTemplate redis, RecallExclusions exclusions,
                        EventInbox inbox) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.exclusions = exclusions;
        this.inbox = inbox;
    }

    public static String onlineKey(String tenantId, String subjectKey) {
        return "features:" + tenantId + ":" + subjectKey;
    }

    /** The user's features as stored offline and online. */
    @Schema(name = "UserFeatures",
            description = "A user's features: offline (PostgreSQL) and online (Redis)")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UserFeatures(@Schema(example = "user-42") String userId,
                               @Schema(example = "{\"payment_timeliness\": 0.9}")
                               Map<String, Double> offline, Map<String, Double> online, Instant updatedAt) {
    }

    public boolean recallOpen(String tenantId, String userId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists(select 1 from recall_request where tenant_id = :t and user_id = :u
                              and state in ('REQUESTED', 'IN_PROGRESS', 'FAILED'))
                """, Map.of("t", tenantId, "u", userId), Boolean.class));
    }

    /**
     * Upserts features in PostgreSQL; false (nothing written) while the user's recall is open or after a
     * FULL_EXCLUDE recall. After an ANONYMIZE recall the values are stored under a fresh surrogate key,
     * unlinked from the user (and not online). Redis follows only once this has committed: see
     * {@link #syncOnline}.
     */
    @Transactional
    public boolean upsert(String tenantId, String userId, Map<String, Double> features, Instant updatedAt) {
        if (recallOpen(tenantId, userId)) {
            return false;
        }
        Optional<RecallMode> recalled = exclusions.modeOf(tenantId, userId);
        if (recalled.isPresent() && recalled.get() == RecallMode.FULL_EXCLUDE) {
            return false;
        }
        String subjectKey = recalled.isPresent() ? "anon-" + UUID.randomUUID() : userId;
        Timestamp at = Timestamp.from(updatedAt);
        MapSqlParameterSource[] rows = features.entrySet().stream()
                .map(f -> new MapSqlParameterSource().addValue("t", tenantId).addValue("u", subjectKey)
                        .addValue("name", f.getKey()).addValue("value", f.getValue()).addValue("at", at)
                        .addValue("anonymized", recalled.isPresent()))
                .toArray(MapSqlParameterSource[]::new);
        jdbc.batchUpdate("""
                insert into feature_value (tenant_id, subject_key, feature_name, value, updated_at, anonymized)
                values (:t, :u, :name, :value, :at, :anonymized)
                on conflict (tenant_id, subject_key, feature_name)
                do update set value = excluded.value, updated_at = excluded.updated_at
                """, rows);
        return true;
    }

    /**
     * Makes the user's online hash what PostgreSQL holds for them, once a write has committed; runs again on a
     * redelivery, so a Redis outage after the commit is repaired by the retry. Deletes the hash instead when a
     * recall of the user is open or excluded them, so a write racing the eraser leaves no hash behind.
     */
    public void syncOnline(String tenantId, String userId) {
        String key = onlineKey(tenantId, userId);
        Map<String, String> online = new LinkedHashMap<>();
        offlineRows(tenantId, userId).forEach(row -> online.put((String) row.get("feature_name"),
                Double.toString(((Number) row.get("value")).doubleValue())));
        if (!online.isEmpty()) {
            redis.opsForHash().putAll(key, online);
        }
        if (recallOpen(tenantId, userId) || exclusions.modeOf(tenantId, userId).isPresent()) {
            redis.delete(key);
        }
    }

    /** {@link #syncOnline} for the user a consumed {@code feature.upserted} names. */
    public void syncOnlineFromEvent(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        syncOnline(event.tenantId(), event.text("user_id"));
    }

    /** Consumes {@code feature.upserted}: {"user_id", "features": {name: number}, "updated_at"}. */
    public void upsertFromEvent(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        JsonNode features = event.json().get("features");
        if (!features.isObject() || features.isEmpty()) {
            throw new InvalidEventException("'features' must be a non-empty object of name to number");
        }
        Map<String, Double> values = new TreeMap<>();
        features.fields().forEachRemaining(f -> {
            if (!f.getValue().isNumber()) {
                throw new InvalidEventException("feature '" + f.getKey() + "' is not a number");
            }
            values.put(f.getKey(), f.getValue().asDouble());
        });
        Instant at = java.time.OffsetDateTime.parse(event.text("updated_at")).toInstant();
        String userId = event.text("user_id");
        boolean recalled = recallOpen(event.tenantId(), userId) || exclusions.modeOf(event.tenantId(), userId).isPresent();
        if (!upsert(event.tenantId(), userId, values, at)) {
            log.info("feature.upserted {} ignored: the user's recall is open or excluded them", event.eventId());
        }
        if (recalled) {
            inbox.erasePayload(exchange, "the user was recalled");
        }
    }

    public UserFeatures read(String tenantId, String userId) {
        Map<String, Double> offline = new TreeMap<>();
        Instant[] latest = {null};
        jdbc.query("select feature_name, value, updated_at from feature_value where tenant_id = :t and subject_key = :u",
                Map.of("t", tenantId, "u", userId), rs -> {
                    offline.put(rs.getString("feature_name"), rs.getDouble("value"));
                    Instant at = rs.getTimestamp("updated_at").toInstant();
                    if (latest[0] == null || at.isAfter(latest[0])) {
                        latest[0] = at;
                    }
                });
        Map<String, Double> online = new TreeMap<>();
        redis.<String, String>opsForHash().entries(onlineKey(tenantId, userId))
                .forEach((name, value) -> online.put(name, Double.valueOf(value)));
        return new UserFeatures(userId, offline, online, latest[0]);
    }

    /** The user's offline features with the time each was last written, for scoring. */
    public List<Map<String, Object>> offlineRows(String tenantId, String userId) {
        return jdbc.queryForList("""
                select feature_name, value, updated_at from feature_value where tenant_id = :t and subject_key = :u
                """, Map.of("t", tenantId, "u", userId));
    }
}
