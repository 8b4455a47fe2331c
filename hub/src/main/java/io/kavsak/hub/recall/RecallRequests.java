package io.kavsak.hub.recall;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.kavsak.hub.privacy.PrivacyPseudonyms;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code recall_request} table and its audit trail. Every state change that other systems must
 * hear about appends its event to the outbox in the same transaction.
 */
@Repository
public class RecallRequests {

    private static final String OPEN = "('REQUESTED', 'IN_PROGRESS', 'FAILED')";

    private static final String PSEUDONYM_PREFIX = "p-";

    private final NamedParameterJdbcTemplate jdbc;
    private final Outbox outbox;
    private final RecallProperties properties;
    private final PrivacyPseudonyms pseudonyms;

    public RecallRequests(NamedParameterJdbcTemplate jdbc, Outbox outbox, RecallProperties properties,
                          PrivacyPseudonyms pseudonyms) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.properties = properties;
        this.pseudonyms = pseudonyms;
    }

    /** The request that a submit ended with, and whether the submit created it. */
    public record Submission(RecallRequest request, boolean created) {
    }

    /**
     * Records a request and its {@code privacy.recall.requested} event, or returns the request that
     * already answers it: the one with the same {@code externalRef}, or the user's open one.
     */
    @Transactional
    public Submission submit(String tenantId, String userId, RecallMode mode, String externalRef, String requestedBy) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<RecallRequest> existing = externalRef == null ? Optional.empty() : findByExternalRef(tenantId, externalRef);
            if (existing.isEmpty()) {
                existing = findOpen(tenantId, userId);
            }
            if (existing.isPresent()) {
                return new Submission(existing.get(), false);
            }
            UUID id = UUID.randomUUID();
            // a concurrent submit for the same user or reference makes this insert a no-op (partial unique indexes)
            List<UUID> inserted = jdbc.queryForList("""
                    insert into recall_request (recall_id, tenant_id, user_id, recall_mode, state, deadline, external_ref,
                                                requested_by)
                    values (:id, :tenantId, :userId, :mode, 'REQUESTED', now() + make_interval(secs => :slaSeconds),
                            :externalRef, :requestedBy)
                    on conflict do nothing
                    returning recall_id
                    """, new MapSqlParameterSource().addValue("id", id).addValue("tenantId", tenantId)
                    .addValue("userId", userId).addValue("mode", mode.name())
                    .addValue("slaSeconds", properties.sla().toSeconds()).addValue("externalRef", externalRef)
                    .addValue("requestedBy", requestedBy), UUID.class);
            if (!inserted.isEmpty()) {
                RecallRequest request = find(id).orElseThrow();
                outbox.append(EventType.RECALL_REQUESTED, tenantId, Map.of(
                        "recall_id", id.toString(), "user_id", userId, "mode", mode.name(),
                        "requested_at", request.requestedAt().toString(), "deadline", request.deadline().toString()));
                return new Submission(request, true);
            }
        }
        throw new IllegalStateException("recall submit for " + tenantId + "/" + userId + " kept conflicting");
    }

    public Optional<RecallRequest> find(UUID id) {
        return jdbc.query("select * from recall_request where recall_id = :id", Map.of("id", id), RecallRequests::row)
                .stream().findFirst();
    }

    public Optional<RecallRequest> find(String tenantId, UUID id) {
        return find(id).filter(r -> r.tenantId().equals(tenantId));
    }

    public Optional<RecallRequest> findOpen(String tenantId, String userId) {
        return jdbc.query("select * from recall_request where tenant_id = :tenantId and user_id = :userId and state in "
                + OPEN, Map.of("tenantId", tenantId, "userId", userId), RecallRequests::row).stream().findFirst();
    }

    /** The user's open request if there is one, else the latest one. */
    public Optional<RecallRequest> findCurrent(String tenantId, String userId) {
        return findOpen(tenantId, userId).or(() -> jdbc.query("""
                select * from recall_request where tenant_id = :tenantId and user_id in (:userId, :pseudonym)
                order by recall_requested_at desc limit 1
                """, Map.of("tenantId", tenantId, "userId", userId, "pseudonym", pseudonyms.of(tenantId, userId)),
                RecallRequests::row).stream().findFirst());
    }

    public Optional<RecallRequest> findByExternalRef(String tenantId, String externalRef) {
        return jdbc.query("select * from recall_request where tenant_id = :tenantId and external_ref = :ref",
                Map.of("tenantId", tenantId, "ref", externalRef), RecallRequests::row).stream().findFirst();
    }

    /** One page of a tenant's requests, newest first; {@code state} and {@code overdue} filter when given. */
    public List<RecallRequest> list(String tenantId, RecallState state, Boolean overdue, int page, int size) {
        MapSqlParameterSource params = filters(tenantId, state, overdue).addValue("limit", size)
                .addValue("offset", (long) page * size);
        return jdbc.query("select * from recall_request where " + where(state, overdue)
                + " order by recall_requested_at desc, recall_id limit :limit offset :offset", params, RecallRequests::row);
    }

    public long count(String tenantId, RecallState state, Boolean overdue) {
        Long total = jdbc.queryForObject("select count(*) from recall_request where " + where(state, overdue),
                filters(tenantId, state, overdue), Long.class);
        return total == null ? 0 : total;
    }

    private static String where(RecallState state, Boolean overdue) {
        StringBuilder where = new StringBuilder("tenant_id = :tenantId");
        if (state != null) {
            where.append(" and state = :state");
        }
        if (overdue != null) {
            where.append(overdue ? " and " : " and not ").append("(state in " + OPEN + " and deadline < now())");
        }
        return where.toString();
    }

    private static MapSqlParameterSource filters(String tenantId, RecallState state, Boolean overdue) {
        return new MapSqlParameterSource().addValue("tenantId", tenantId)
                .addValue("state", state == null ? null : state.name());
    }

    public List<RecallAuditEntry> audit(UUID id) {
        return jdbc.query("select * from recall_audit where recall_id = :id order by id", Map.of("id", id),
                (rs, i) -> new RecallAuditEntry(rs.getString("target"), rs.getInt("attempt"),
                        instant(rs, "started_at"), instant(rs, "finished_at"),
                        rs.getObject("rows_affected") == null ? null : rs.getLong("rows_affected"),
                        rs.getString("error"), rs.getString("actor"), rs.getString("note")));
    }

    /**
     * Takes the request for one pipeline run: only an open, unleased request can be claimed, so the
     * Kafka consumer, the resumer and a manual retry never run the same request at once.
     */
    public Optional<RecallJob> claim(UUID id) {
        return jdbc.query("""
                update recall_request set state = 'IN_PROGRESS', runs = runs + 1, last_activity_at = now(),
                       lease_until = now() + make_interval(secs => :leaseSeconds)
                where recall_id = :id and state in ('REQUESTED', 'IN_PROGRESS')
                  and (lease_until is null or lease_until < now())
                returning recall_id, tenant_id, user_id, recall_mode
                """, new MapSqlParameterSource().addValue("id", id)
                .addValue("leaseSeconds", properties.lease().toSeconds()),
                (rs, i) -> new RecallJob(rs.getObject("recall_id", UUID.class), rs.getString("tenant_id"),
                        rs.getString("user_id"), RecallMode.valueOf(rs.getString("recall_mode")))).stream().findFirst();
    }

    /** Records the start of one attempt of a target and renews the run's lease; returns the audit row id. */
    @Transactional
    public long startAttempt(UUID id, String target) {
        jdbc.update("""
                update recall_request set last_activity_at = now(),
                       lease_until = now() + make_interval(secs => :leaseSeconds) where recall_id = :id
                """, new MapSqlParameterSource().addValue("id", id).addValue("leaseSeconds", properties.lease().toSeconds()));
        Long auditId = jdbc.queryForObject("""
                insert into recall_audit (recall_id, target, attempt)
                values (:id, :target, (select count(*) + 1 from recall_audit where recall_id = :id and target = :target))
                returning id
                """, Map.of("id", id, "target", target), Long.class);
        return auditId == null ? 0 : auditId;
    }

    public void finishAttempt(long auditId, long rowsAffected) {
        jdbc.update("update recall_audit set finished_at = now(), rows_affected = :rows where id = :auditId",
                Map.of("auditId", auditId, "rows", rowsAffected));
    }

    public void failAttempt(long auditId, String error) {
        jdbc.update("update recall_audit set finished_at = now(), error = :error where id = :auditId",
                Map.of("auditId", auditId, "error", error));
    }

    /** The targets that already finished for this request, so a resumed run skips them. */
    public List<String> finishedTargets(UUID id) {
        return jdbc.queryForList("""
                select distinct target from recall_audit
                where recall_id = :id and finished_at is not null and error is null and actor is null
                """, Map.of("id", id), String.class);
    }

    /**
     * Ends a run that could not finish: the request stays IN_PROGRESS with its error for the resumer,
     * or becomes FAILED once it has used up its runs (a manual retry re-arms it).
     */
    public void release(UUID id, String error) {
        jdbc.update("""
                update recall_request set lease_until = null, last_activity_at = now(), last_error = :error,
                       state = case when runs >= :maximumRuns then 'FAILED' else state end
                where recall_id = :id and state = 'IN_PROGRESS'
                """, new MapSqlParameterSource().addValue("id", id).addValue("error", error)
                .addValue("maximumRuns", properties.maximumRuns()));
    }

    /** Marks a fully erased request COMPLETED and announces it; empty when it was no longer in progress. */
    @Transactional
    public Optional<RecallRequest> complete(UUID id) {
        int updated = jdbc.update("""
                update recall_request set state = 'COMPLETED', recall_completed_at = now(), lease_until = null,
                       last_activity_at = now(), last_error = null
                where recall_id = :id and state = 'IN_PROGRESS'
                """, Map.of("id", id));
        if (updated == 0) {
            return Optional.empty();
        }
        RecallRequest request = find(id).orElseThrow();
        announceCompletion(request, Map.of());
        return Optional.of(request);
    }

    /** An admin's manual completion, with who and why in the audit trail; empty when already completed. */
    @Transactional
    public Optional<RecallRequest> completeManually(UUID id, String actor, String reason) {
        int updated = jdbc.update("""
                update recall_request set state = 'COMPLETED', recall_completed_at = now(), lease_until = null,
                       last_activity_at = now(), completed_by = :actor, completion_reason = :reason
                where recall_id = :id and state <> 'COMPLETED'
                """, Map.of("id", id, "actor", actor, "reason", reason));
        if (updated == 0) {
            return Optional.empty();
        }
        manualAction(id, "manual-completion", actor, reason);
        RecallRequest request = find(id).orElseThrow();
        announceCompletion(request, Map.of("completed_by", actor, "manual", true));
        return Optional.of(request);
    }

    /** Re-arms an open request for an immediate run: a FAILED one gets its runs back, a held lease is dropped. */
    @Transactional
    public Optional<RecallRequest> rearm(UUID id, String actor) {
        int updated = jdbc.update("""
                update recall_request set state = case when state = 'FAILED' then 'IN_PROGRESS' else state end,
                       runs = 0, lease_until = null, last_activity_at = now()
                where recall_id = :id and state in
                """ + OPEN, Map.of("id", id));
        if (updated == 0) {
            return Optional.empty();
        }
        manualAction(id, "manual-retry", actor, null);
        return find(id);
    }

    private void manualAction(UUID id, String action, String actor, String note) {
        jdbc.update("""
                insert into recall_audit (recall_id, target, attempt, finished_at, actor, note)
                values (:id, :action, (select count(*) + 1 from recall_audit where recall_id = :id and target = :action),
                        now(), :actor, :note)
                """, new MapSqlParameterSource().addValue("id", id).addValue("action", action)
                .addValue("actor", actor).addValue("note", note));
    }

    private void announceCompletion(RecallRequest request, Map<String, Object> extra) {
        Map<String, Object> payload = new LinkedHashMap<>(extra);
        payload.put("recall_id", request.id().toString());
        payload.put("user_id", request.userId());
        payload.put("mode", request.mode().name());
        payload.put("completed_at", request.completedAt().toString());
        payload.put("sla_breached", request.slaBreached(Instant.now()));
        outbox.append(EventType.RECALL_COMPLETED, request.tenantId(), payload);
    }

    /** Open requests nobody is working on and that have not moved for {@code stalledAfter}. */
    public List<UUID> stalled(Duration stalledAfter, int limit) {
        return jdbc.queryForList("""
                select recall_id from recall_request
                where state in ('REQUESTED', 'IN_PROGRESS') and (lease_until is null or lease_until < now())
                  and last_activity_at < now() - make_interval(secs => :seconds)
                order by deadline limit :limit
                """, Map.of("seconds", stalledAfter.toSeconds(), "limit", limit), UUID.class);
    }

    /** Completed requests whose confirmation could not be sent yet (within the last week). */
    public List<RecallRequest> unnotified(int limit) {
        return jdbc.query("""
                select * from recall_request where state = 'COMPLETED' and notified_at is null
                  and recall_completed_at > now() - interval '7 days'
                  and recall_completed_at < now() - interval '1 minute'
                order by recall_completed_at limit :limit
                """, Map.of("limit", limit), RecallRequests::row);
    }

    /** Requests flagged at risk or breached whose alert mail could not be sent yet (within the last week). */
    public List<RecallRequest> unmailedAlerts(boolean breached, int limit) {
        String flagged = breached ? "sla_breached_at" : "sla_warned_at";
        String mailed = breached ? "sla_breach_mailed_at" : "sla_warning_mailed_at";
        return jdbc.query("select * from recall_request where " + flagged + " is not null and " + mailed + " is null"
                + " and " + flagged + " > now() - interval '7 days' and " + flagged + " < now() - interval '1 minute'"
                + " order by " + flagged + " limit :limit", Map.of("limit", limit), RecallRequests::row);
    }

    public void markAlertMailed(UUID id, boolean breached) {
        jdbc.update("update recall_request set " + (breached ? "sla_breach_mailed_at" : "sla_warning_mailed_at")
                + " = now() where recall_id = :id", Map.of("id", id));
    }

    /** The confirmation went out (or had nowhere to go): nothing needs the user's id or address any more. */
    @Transactional
    public void markNotified(UUID id) {
        jdbc.update("update recall_request set notified_at = now() where recall_id = :id", Map.of("id", id));
        forgetUser(id);
    }

    /**
     * Replaces the user's id in a completed request and its audit trail by the user's pseudonym and deletes
     * the address their confirmation went to, so the request only says that some user was recalled. The
     * user can still ask for the status: {@link #findCurrent} also looks the pseudonym up.
     */
    @Transactional
    public void forgetUser(UUID id) {
        find(id).filter(r -> r.state() == RecallState.COMPLETED && !r.userId().startsWith(PSEUDONYM_PREFIX))
                .ifPresent(request -> {
                    String pseudonym = pseudonyms.of(request.tenantId(), request.userId());
                    MapSqlParameterSource params = new MapSqlParameterSource().addValue("id", id)
                            .addValue("t", request.tenantId()).addValue("u", request.userId())
                            .addValue("ref", pseudonym);
                    jdbc.update("delete from privacy_user_contact where tenant_id = :t and user_id = :u", params);
                    jdbc.update("""
                            update recall_request set user_id = :ref,
                                   requested_by = case when requested_by = :u then :ref else requested_by end,
                                   completed_by = case when completed_by = :u then :ref else completed_by end
                            where recall_id = :id
                            """, params);
                    jdbc.update("update recall_audit set actor = :ref where recall_id = :id and actor = :u", params);
                });
    }

    /** Completed requests whose confirmation could not be sent within {@code giveUpAfter}: forget the user anyway. */
    public int forgetUnnotified(Duration giveUpAfter) {
        List<UUID> ids = jdbc.queryForList("""
                select recall_id from recall_request where state = 'COMPLETED' and notified_at is null
                  and recall_completed_at < now() - make_interval(secs => :seconds)
                  and user_id not like 'p-%'
                """, Map.of("seconds", giveUpAfter.toSeconds()), UUID.class);
        ids.forEach(this::forgetUser);
        return ids.size();
    }

    static RecallRequest row(ResultSet rs, int i) throws SQLException {
        return new RecallRequest(rs.getObject("recall_id", UUID.class), rs.getString("tenant_id"),
                rs.getString("user_id"), RecallMode.valueOf(rs.getString("recall_mode")),
                RecallState.valueOf(rs.getString("state")), instant(rs, "recall_requested_at"),
                instant(rs, "recall_completed_at"), instant(rs, "deadline"), rs.getString("external_ref"),
                rs.getString("requested_by"), rs.getInt("runs"), rs.getString("last_error"),
                rs.getString("completed_by"), rs.getString("completion_reason"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
