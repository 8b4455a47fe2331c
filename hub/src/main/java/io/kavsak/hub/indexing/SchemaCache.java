package io.kavsak.hub.indexing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The seed's schema cache (schema-cache-worker): the JSON of each enabled object with its columns, as the
 * catalog API answers it, under {@code schema_object:{tenant}:<object id>}; {@code schema_objects:{tenant}:<datasource>}
 * lists the cached ids of a datasource, so a full index can drop the ones no longer enabled. The tenant is
 * the hash tag, as in the session store. Derived from the Metadata DB: a miss or a Redis outage reads the
 * database, and the TTL bounds any entry a lost refresh left behind.
 */
@Component
public class SchemaCache {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCache.class);

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Duration ttl;

    public SchemaCache(StringRedisTemplate redis, ObjectMapper json, MeterRegistry meters,
                       @Value("${kavsak.indexing.schema-cache.ttl}") Duration ttl) {
        this.redis = redis;
        this.json = json;
        this.meters = meters;
        this.ttl = ttl;
    }

    public static String objectKey(String tenantId, String objectId) {
        return "schema_object:{" + tenantId + "}:" + objectId;
    }

    public static String datasourceKey(String tenantId, String datasourceId) {
        return "schema_objects:{" + tenantId + "}:" + datasourceId;
    }

    /** The cached object, else the database's (cached again if enabled); the database alone while Redis is out. */
    public Optional<ExposedObject> read(String tenantId, UUID objectId, Supplier<Optional<ExposedObject>> database) {
        String cached;
        try {
            cached = redis.opsForValue().get(objectKey(tenantId, objectId.toString()));
        } catch (DataAccessException e) {
            LOG.warn("schema cache unreachable, object {} read from the database: {}", objectId, e.getMessage());
            count("error");
            return database.get();
        }
        Optional<ExposedObject> hit = Optional.ofNullable(cached).flatMap(this::parse);
        if (hit.isPresent()) {
            count("hit");
            return hit;
        }
        count("miss");
        Optional<ExposedObject> object = database.get();
        object.filter(ExposedObject::isEnabled).ifPresent(o -> quietly(() -> write(o, false)));
        return object;
    }

    /** The object's current state: written when enabled, dropped when disabled or gone (then {@code current} is empty). */
    public void refresh(String tenantId, String datasourceId, String objectId, Optional<ExposedObject> current) {
        if (current.filter(ExposedObject::isEnabled).isPresent()) {
            write(current.get(), true);
        } else {
            drop(tenantId, current.map(ExposedObject::datasourceId).orElse(datasourceId), objectId);
        }
    }

    /** Like {@link #refresh}, for a request thread: a Redis failure is logged, the consumer's refresh follows. */
    public void refreshQuietly(String tenantId, String datasourceId, String objectId, Optional<ExposedObject> current) {
        quietly(() -> refresh(tenantId, datasourceId, objectId, current));
    }

    public Set<String> cachedIds(String tenantId, String datasourceId) {
        return redis.opsForSet().members(datasourceKey(tenantId, datasourceId));
    }

    public void drop(String tenantId, String datasourceId, String objectId) {
        redis.delete(objectKey(tenantId, objectId));
        if (datasourceId != null) {
            redis.opsForSet().remove(datasourceKey(tenantId, datasourceId), objectId);
        }
    }

    /**
     * Written by a consumer ({@code overwrite}) or filled after a miss (only if still absent, so a read
     * that raced with a change never replaces the changed object's fresher JSON).
     */
    private void write(ExposedObject object, boolean overwrite) {
        String key = objectKey(object.tenantId(), object.id());
        String members = datasourceKey(object.tenantId(), object.datasourceId());
        redis.opsForSet().add(members, object.id());
        redis.expire(members, ttl);
        String value = serialize(object);
        if (overwrite) {
            redis.opsForValue().set(key, value, ttl);
        } else {
            redis.opsForValue().setIfAbsent(key, value, ttl);
        }
    }

    private void quietly(Runnable redisWork) {
        try {
            redisWork.run();
        } catch (DataAccessException e) {
            LOG.warn("schema cache not updated (the schema events refresh it): {}", e.getMessage());
        }
    }

    private String serialize(ExposedObject object) {
        try {
            return json.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An entry this version cannot read (another layout) is a miss; the fill after it does not overwrite. */
    private Optional<ExposedObject> parse(String cached) {
        try {
            return Optional.of(json.readValue(cached, ExposedObject.class));
        } catch (JsonProcessingException e) {
            LOG.warn("unreadable schema cache entry ignored: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private void count(String result) {
        meters.counter("kavsak.schema.cache.reads", "result", result).increment();
    }
}
