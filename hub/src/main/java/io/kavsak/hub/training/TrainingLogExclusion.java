package io.kavsak.hub.training;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import io.kavsak.hub.recall.RecallMode;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recall target for the training log: puts the user on the permanent exclusion list, then deletes
 * their events (FULL_EXCLUDE) or marks them excluded under random surrogates (ANONYMIZE). The
 * training_set view never returns either.
 */
@Component
public class TrainingLogExclusion implements ErasureTarget {

    private final NamedParameterJdbcTemplate jdbc;

    public TrainingLogExclusion(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        // FULL_EXCLUDE is the stronger exclusion: it replaces an earlier ANONYMIZE, never the reverse
        jdbc.update("""
                insert into training_exclusion (tenant_id, user_id, recall_id, recall_mode)
                values (:t, :u, :recallId, :mode)
                on conflict (tenant_id, user_id) do update set recall_id = excluded.recall_id,
                    recall_mode = excluded.recall_mode, excluded_at = now()
                where excluded.recall_mode = 'FULL_EXCLUDE' and training_exclusion.recall_mode <> 'FULL_EXCLUDE'
                """, new MapSqlParameterSource().addValue("t", job.tenantId()).addValue("u", job.userId())
                .addValue("recallId", job.recallId()).addValue("mode", job.mode().name()));
        Map<String, String> user = Map.of("t", job.tenantId(), "u", job.userId());
        if (job.mode() == RecallMode.FULL_EXCLUDE) {
            return jdbc.update("delete from training_event where tenant_id = :t and user_id = :u", user);
        }
        return jdbc.update("""
                update training_event set user_id = 'anon-' || gen_random_uuid(), excluded = true,
                       excluded_at = now(), anonymized = true
                where tenant_id = :t and user_id = :u
                """, user);
    }
}
