package io.kavsak.hub.privacy;

import io.kavsak.hub.recall.RecallMode;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The permanent exclusion list of recalled users, keyed by their pseudonym: every store that takes a
 * user's data asks it first, so data arriving after a recall is dropped (FULL_EXCLUDE) or stored
 * unlinked (ANONYMIZE) — in the feature store as in the training log.
 */
@Component
public class RecallExclusions {

    private final NamedParameterJdbcTemplate jdbc;
    private final PrivacyPseudonyms pseudonyms;

    public RecallExclusions(NamedParameterJdbcTemplate jdbc, PrivacyPseudonyms pseudonyms) {
        this.jdbc = jdbc;
        this.pseudonyms = pseudonyms;
    }

    /** How the user was recalled, if they were. */
    public Optional<RecallMode> modeOf(String tenantId, String userId) {
        return jdbc.queryForList("select recall_mode from training_exclusion where tenant_id = :t and user_id = :ref",
                        Map.of("t", tenantId, "ref", pseudonyms.of(tenantId, userId)), String.class)
                .stream().findFirst().map(RecallMode::valueOf);
    }

    /** Puts the user on the list; FULL_EXCLUDE replaces an earlier ANONYMIZE, never the reverse. */
    public void exclude(String tenantId, String userId, UUID recallId, RecallMode mode) {
        jdbc.update("""
                insert into training_exclusion (tenant_id, user_id, recall_id, recall_mode)
                values (:t, :ref, :recallId, :mode)
                on conflict (tenant_id, user_id) do update set recall_id = excluded.recall_id,
                    recall_mode = excluded.recall_mode, excluded_at = now()
                where excluded.recall_mode = 'FULL_EXCLUDE' and training_exclusion.recall_mode <> 'FULL_EXCLUDE'
                """, new MapSqlParameterSource().addValue("t", tenantId).addValue("ref", pseudonyms.of(tenantId, userId))
                .addValue("recallId", recallId).addValue("mode", mode.name()));
    }
}
