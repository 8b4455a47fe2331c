package io.kavsak.hub.indexing;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import io.kavsak.hub.recall.RecallMode;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recall target for the NL-to-SQL context and audit (seed 002): FULL_EXCLUDE deletes the user's query
 * feedback with its vectors (on every replica, through {@code indexing.vector.changed}) and clears the
 * question and SQL of their query runs; both modes unlink the user from golden QA pairs and query runs,
 * which stay as unattributed examples and history.
 */
@Component
public class ContextRecallEraser implements ErasureTarget {

    private final NamedParameterJdbcTemplate jdbc;
    private final RecordIndexer indexer;
    private final MetadataDb metadata;
    private final CatalogReader catalog;

    public ContextRecallEraser(NamedParameterJdbcTemplate jdbc, RecordIndexer indexer, MetadataDb metadata,
                               CatalogReader catalog) {
        this.jdbc = jdbc;
        this.indexer = indexer;
        this.metadata = metadata;
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "nl2sql-context";
    }

    @Override
    public int order() {
        return 150;
    }

    @Override
    @Transactional
    public long erase(RecallJob job) {
        Map<String, String> user = Map.of("t", job.tenantId(), "u", job.userId());
        long affected = 0;
        if (job.mode() == RecallMode.FULL_EXCLUDE) {
            List<String> feedback = jdbc.queryForList("""
                    delete from context.query_feedback where tenant_id = :t and created_by_user_id = :u returning id::text
                    """, user, String.class);
            feedback.forEach(id -> indexer.delete(job.tenantId(), Collection.QUERY_FEEDBACK, id));
            affected += feedback.size();
            if (metadata.isExternal()) {
                // the rows belong to the external Metadata DB's owner; the vectors made from them are ours
                for (String id : catalog.feedbackIdsOf(job.tenantId(), job.userId())) {
                    affected += indexer.delete(job.tenantId(), Collection.QUERY_FEEDBACK, id) ? 1 : 0;
                }
            }
        } else {
            affected += jdbc.update("""
                    update context.query_feedback set created_by_user_id = null
                    where tenant_id = :t and created_by_user_id = :u
                    """, user);
        }
        affected += jdbc.update("""
                update context.golden_qa set created_by_user_id = null where tenant_id = :t and created_by_user_id = :u
                """, user);
        // the question and the SQL made from it are the user's own words: FULL_EXCLUDE clears them too
        affected += jdbc.update(job.mode() == RecallMode.FULL_EXCLUDE ? """
                update audit.query_runs set user_id = null, question_text = null, sql_text = null
                where tenant_id = :t and user_id = :u
                """ : """
                update audit.query_runs set user_id = null where tenant_id = :t and user_id = :u
                """, user);
        return affected;
    }
}
