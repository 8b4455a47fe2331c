package io.kavsak.hub.training;

import io.kavsak.hub.privacy.RecallExclusions;
import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import io.kavsak.hub.recall.RecallMode;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recall target for the training log: puts the user on the permanent exclusion list (by pseudonym), then deletes
 * their events (FULL_EXCLUDE) or marks them excluded under random surrogates, their free-form payload
 * cleared, only kind and time kept (ANONYMIZE). The training_set view never returns either.
 */
@Component
public class TrainingLogExclusion implements ErasureTarget {

    private final NamedParameterJdbcTemplate jdbc;
    private final RecallExclusions exclusions;

    public TrainingLogExclusion(NamedParameterJdbcTemplate jdbc, RecallExclusions exclusions) {
        this.jdbc = jdbc;
        this.exclusions = exclusions;
    }

    @Override
    public String name() {
        return "training-log";
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    @Transactional
    public long erase(RecallJob job) {
        exclusions.exclude(job.tenantId(), job.userId(), job.recallId(), job.mode());
        Map<String, String> user = Map.of("t", job.tenantId(), "u", job.userId());
        if (job.mode() == RecallMode.FULL_EXCLUDE) {
            return jdbc.update("delete from training_event where tenant_id = :t and user_id = :u", user);
        }
        return jdbc.update("""
                update training_event set user_id = 'anon-' || gen_random_uuid(), payload = '{}'::jsonb,
                       excluded = true, excluded_at = now(), anonymized = true
                where tenant_id = :t and user_id = :u
                """, user);
    }
}
