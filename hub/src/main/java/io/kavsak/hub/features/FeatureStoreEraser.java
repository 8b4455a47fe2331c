package io.kavsak.hub.features;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import io.kavsak.hub.recall.RecallMode;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Recall target for the feature store. FULL_EXCLUDE deletes the user's offline rows and online hash;
 * ANONYMIZE moves both under one random surrogate key that is stored nowhere else, so the values
 * still count in aggregates but nothing leads back to the user. Running it again finds nothing left.
 */
@Component
public class FeatureStoreEraser implements ErasureTarget {

    private final NamedParameterJdbcTemplate jdbc;
    private final StringRedisTemplate redis;

    public FeatureStoreEraser(NamedParameterJdbcTemplate jdbc, StringRedisTemplate redis) {
        this.jdbc = jdbc;
        this.redis = redis;
    }

    @Override
    public String name() {
        return "feature-store";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public long erase(RecallJob job) {
        String userKey = FeatureStore.onlineKey(job.tenantId(), job.userId());
        if (job.mode() == RecallMode.FULL_EXCLUDE) {
            int rows = jdbc.update("delete from feature_value where tenant_id = :t and subject_key = :u",
                    Map.of("t", job.tenantId(), "u", job.userId()));
            boolean deleted = Boolean.TRUE.equals(redis.delete(userKey));
            return rows + (deleted ? 1 : 0);
        }
        String surrogate = "anon-" + UUID.randomUUID();
        int rows = jdbc.update("""
                update feature_value set subject_key = :surrogate, anonymized = true
                where tenant_id = :t and subject_key = :u
                """, Map.of("t", job.tenantId(), "u", job.userId(), "surrogate", surrogate));
        boolean moved = Boolean.TRUE.equals(redis.hasKey(userKey))
                && Boolean.TRUE.equals(redis.renameIfAbsent(userKey, FeatureStore.onlineKey(job.tenantId(), surrogate)));
        return rows + (moved ? 1 : 0);
    }
}
