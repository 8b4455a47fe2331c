package io.kavsak.hub.indexing;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kavsak.hub.events.DeadLetterStore;
import io.kavsak.hub.events.DeadLetters;
import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.InfrastructureOutages;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code indexing.index_jobs}: one row per schema.index.requested event. The consumer runs in the event's
 * transaction, which commits only at the end, so "running", progress and a failed attempt are written in
 * short transactions of their own (seen at once) and "done" in the event's (seen when the vectors are).
 * The event's transaction never touches the row before its "done", so the two never wait on each other.
 */
@Component("indexJobStore")
public class IndexJobStore {

    private static final Logger LOG = LoggerFactory.getLogger(IndexJobStore.class);
    /** The longest error or reason a job row keeps (another service's event sets the reason). */
    private static final int MAX_ERROR = 2000;
    /** Dead-lettered events are read as the event reader reads them (the seed's examples carry comments). */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

    /** The job an event asks for: its id, tenant, datasources and reason. */
    public record Requested(String jobId, String tenantId, List<String> datasourceIds, String reason) {

        static Requested of(EventEnvelope event) {
            return new Requested(event.eventId(), event.tenantId(), texts(event.json().path("datasource_ids")),
                    event.text("reason"));
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Duration retention;

    public IndexJobStore(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
                         @Value("${kavsak.indexing.jobs.retention}") Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The request was accepted: written with the event in the outbox, in the same transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void queued(Requested job) {
        jdbc.update("""
                insert into indexing.index_jobs (job_id, tenant_id, datasource_ids, reason, status)
                values (:job, :tenant, :datasources, :reason, 'queued')
                """, params(job));
    }

    /** The consumer picked the event up (again, after a failed attempt: same row, counts start over). */
    public void running(Requested job) {
        upsert(job, "running", null);
    }

    /** How far the consumer got: its own transaction, so a status read sees it while the index runs. */
    public void progress(Requested job, int total, int done, int embedded) {
        inOwnTransaction(() -> jdbc.update("""
                update indexing.index_jobs set records_total = :total, records_done = :done, embedded = :embedded,
                    updated_at = clock_timestamp()
                where tenant_id = :tenant and job_id = :job and status = 'running'
                """, params(job).addValue("total", total).addValue("done", done).addValue("embedded", embedded)));
    }

    /**
     * An attempt failed and the event is retried: an outage is waited out, any other failure redelivered
     * (a bounded number of times, then {@link #deadLettered}). Never fails itself: the database may be the
     * outage, and the event's own failure is the one that matters.
     */
    public void attemptFailed(Requested job, Throwable error) {
        String why = (InfrastructureOutages.causedByOutage(error) ? "Waiting out an outage: "
                : "Attempt failed, retried: ") + message(error);
        try {
            upsert(job, "retrying", why);
        } catch (RuntimeException e) {
            // e.g. no connection for a transaction of its own: the event's failure stays the one thrown
            error.addSuppressed(e);
            LOG.warn("index job {} could not be marked retrying: {}", job.jobId(), e.getMessage());
        }
    }

    /** The index is complete: in the event's transaction, so "done" is seen exactly when the vectors are. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void done(Requested job, int total, int embedded, int removed) {
        jdbc.update("""
                update indexing.index_jobs set status = 'done', records_total = :total, records_done = :total,
                    embedded = :embedded, removed = :removed, error = null, updated_at = clock_timestamp(),
                    finished_at = clock_timestamp()
                where tenant_id = :tenant and job_id = :job
                """, params(job).addValue("total", total).addValue("embedded", embedded).addValue("removed", removed));
    }

    /**
     * The event was dead-lettered (invalid, or still failing after the bounded redelivery): the job failed,
     * with the dead letter's reason. Runs in the dead-letter route, after the letter is stored.
     */
    public void deadLettered(Exchange exchange) {
        DeadLetters.Description letter = exchange.getProperty(DeadLetterStore.LETTER, DeadLetters.Description.class);
        if (letter == null || letter.eventId() == null || letter.tenantId() == null) {
            return;
        }
        JsonNode event = readable(letter.originalEvent());
        Requested job = new Requested(letter.eventId(), letter.tenantId(), texts(event.path("datasource_ids")),
                event.path("reason").isValueNode() ? event.path("reason").asText() : null);
        try {
            jdbc.update("""
                    insert into indexing.index_jobs as j (job_id, tenant_id, datasource_ids, reason, status, error,
                        updated_at, finished_at)
                    select :job, :tenant, :datasources, :reason, 'failed', :error, clock_timestamp(), clock_timestamp()
                    where exists (select 1 from tenant where tenant_id = :tenant)
                    on conflict (tenant_id, job_id) do update set status = 'failed', error = excluded.error,
                        updated_at = excluded.updated_at, finished_at = excluded.finished_at
                    where j.status <> 'done'
                    """, params(job).addValue("error", truncate(letter.reason())));
        } catch (DataAccessException e) {
            // the letter is stored; a job row that cannot be written must not send the event round again
            LOG.warn("index job {} could not be marked failed: {}", job.jobId(), e.getMessage());
        }
    }

    /** Deletes the jobs that ended (done or failed) longer than {@code kavsak.indexing.jobs.retention} ago. */
    public int purgeFinished() {
        return purgeFinishedBefore(Instant.now().minus(retention));
    }

    int purgeFinishedBefore(Instant cutoff) {
        int deleted = jdbc.update("""
                delete from indexing.index_jobs where status in ('done', 'failed') and finished_at < :cutoff
                """, Map.of("cutoff", Timestamp.from(cutoff)));
        if (deleted > 0) {
            LOG.info("deleted {} index jobs that ended before {}", deleted, cutoff);
        }
        return deleted;
    }

    public Optional<IndexJob> find(String tenantId, String jobId) {
        return jdbc.query("select * from indexing.index_jobs where job_id = :job and tenant_id = :tenant",
                Map.of("job", jobId, "tenant", tenantId), IndexJobStore::job).stream().findFirst();
    }

    /** The tenant's most recent jobs, newest first. */
    public List<IndexJob> recent(String tenantId, int limit) {
        return jdbc.query("""
                select * from indexing.index_jobs where tenant_id = :tenant
                order by requested_at desc, job_id limit :limit
                """, Map.of("tenant", tenantId, "limit", limit), IndexJobStore::job);
    }

    private void upsert(Requested job, String status, String error) {
        inOwnTransaction(() -> jdbc.update("""
                insert into indexing.index_jobs as j (job_id, tenant_id, datasource_ids, reason, status, started_at,
                    updated_at, error)
                values (:job, :tenant, :datasources, :reason, :status, clock_timestamp(), clock_timestamp(), :error)
                on conflict (tenant_id, job_id) do update set status = excluded.status,
                    started_at = coalesce(j.started_at, excluded.started_at), updated_at = excluded.updated_at,
                    error = excluded.error, finished_at = null,
                    records_done = case when excluded.status = 'running' then 0 else j.records_done end,
                    embedded = case when excluded.status = 'running' then 0 else j.embedded end
                where j.status <> 'done'
                """, params(job).addValue("status", status).addValue("error", truncate(error))));
    }

    private void inOwnTransaction(Runnable write) {
        ownTransaction.executeWithoutResult(status -> {
            // the event's transaction never holds this row while it waits here; if it ever did, fail, not hang
            jdbc.getJdbcTemplate().execute("set local lock_timeout = '10s'");
            write.run();
        });
    }

    private static MapSqlParameterSource params(Requested job) {
        return new MapSqlParameterSource().addValue("job", storable(job.jobId()))
                .addValue("tenant", storable(job.tenantId()))
                .addValue("datasources", job.datasourceIds().stream().map(IndexJobStore::storable).toArray(String[]::new))
                .addValue("reason", truncate(job.reason()));
    }

    /** PostgreSQL text cannot hold NUL; another service's event may carry one. */
    private static String storable(String text) {
        return text == null ? null : text.replace("\0", "");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(value -> {
            if (value.isValueNode()) {
                texts.add(value.asText());
            }
        });
        return texts;
    }

    private static JsonNode readable(String event) {
        try {
            return event == null ? JSON.createObjectNode() : JSON.readTree(event);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static String message(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    private static String truncate(String text) {
        String stored = storable(text);
        return stored == null || stored.length() <= MAX_ERROR ? stored : stored.substring(0, MAX_ERROR);
    }

    private static IndexJob job(ResultSet rs, int row) throws SQLException {
        Array datasources = rs.getArray("datasource_ids");
        return new IndexJob(rs.getString("job_id"), List.of((String[]) datasources.getArray()),
                rs.getString("reason"), rs.getString("status"), (Integer) rs.getObject("records_total"),
                rs.getInt("records_done"), rs.getInt("embedded"), rs.getInt("removed"),
                instant(rs.getTimestamp("requested_at")), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("finished_at")),
                rs.getString("error"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
