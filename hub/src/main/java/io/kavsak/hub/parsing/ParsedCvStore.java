package io.kavsak.hub.parsing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code parsed_cv} table. Every finishing update only applies to a job still in {@code processing}. */
@Repository
public class ParsedCvStore {

    private final NamedParameterJdbcTemplate jdbc;

    public ParsedCvStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, String tenantId, String userId, String sessionId, ParseMode mode, String source,
                       String fileName, String storedFilePath) {
        jdbc.update("""
                insert into parsed_cv (id, tenant_id, user_id, session_id, parse_mode, source, status, file_name,
                                       stored_file_path)
                values (:id, :tenantId, :userId, :sessionId, :mode, :source, 'processing', :fileName, :path)
                """, new MapSqlParameterSource().addValue("id", id).addValue("tenantId", tenantId)
                .addValue("userId", userId).addValue("sessionId", sessionId).addValue("mode", mode.value())
                .addValue("source", source).addValue("fileName", fileName).addValue("path", storedFilePath));
    }

    public Optional<ParsedCv> find(UUID id) {
        return jdbc.query("select * from parsed_cv where id = :id", Map.of("id", id), ParsedCvStore::row)
                .stream().findFirst();
    }

    public Optional<ParsedCv> find(String tenantId, UUID id) {
        return find(id).filter(job -> job.tenantId().equals(tenantId));
    }

    /** Counts one more worker attempt on a job still in processing; empty when it already finished. */
    public Optional<ParsedCv> claim(UUID id) {
        return jdbc.query("""
                update parsed_cv set attempts = attempts + 1, updated_at = now()
                where id = :id and status = 'processing' returning *
                """, Map.of("id", id), ParsedCvStore::row).stream().findFirst();
    }

    public boolean succeed(UUID id, String cvLanguage, String parsedData, double seconds) {
        return jdbc.update("""
                update parsed_cv set status = 'success', cv_language = :language, parsed_data = :data,
                    error_message = null, processing_time_seconds = :seconds, updated_at = now(), completed_at = now()
                where id = :id and status = 'processing'
                """, new MapSqlParameterSource().addValue("id", id).addValue("language", cvLanguage)
                .addValue("data", parsedData).addValue("seconds", seconds)) == 1;
    }

    public boolean fail(UUID id, String cvLanguage, String errorMessage, Double seconds) {
        return jdbc.update("""
                update parsed_cv set status = 'failed', cv_language = :language, error_message = :error,
                    processing_time_seconds = :seconds, updated_at = now(), completed_at = now()
                where id = :id and status = 'processing'
                """, new MapSqlParameterSource().addValue("id", id).addValue("language", cvLanguage)
                .addValue("error", errorMessage).addValue("seconds", seconds)) == 1;
    }

    /** Jobs in processing whose last request is older than {@code before}, oldest first, locked for this reaper. */
    public List<ParsedCv> lockStale(Instant before, int limit) {
        return jdbc.query("""
                select * from parsed_cv where status = 'processing' and requested_at < :before
                order by requested_at limit :limit for update skip locked
                """, new MapSqlParameterSource().addValue("before", Timestamp.from(before)).addValue("limit", limit),
                ParsedCvStore::row);
    }

    public void requeue(UUID id) {
        jdbc.update("update parsed_cv set requested_at = now(), updated_at = now() where id = :id", Map.of("id", id));
    }

    /** Finished or abandoned jobs created before {@code before}: the retention sweep's candidates. */
    public List<ParsedCv> expired(Instant before, int limit) {
        return jdbc.query("select * from parsed_cv where created_at < :before order by created_at limit :limit",
                new MapSqlParameterSource().addValue("before", Timestamp.from(before)).addValue("limit", limit),
                ParsedCvStore::row);
    }

    public List<ParsedCv> ofUser(String tenantId, String userId) {
        return jdbc.query("select * from parsed_cv where tenant_id = :tenantId and user_id = :userId",
                Map.of("tenantId", tenantId, "userId", userId), ParsedCvStore::row);
    }

    public int delete(UUID id) {
        return jdbc.update("delete from parsed_cv where id = :id", Map.of("id", id));
    }

    /** Irreversibly detaches a job from its user: new random ids, no file. */
    public int unlink(UUID id, String surrogateUser, String surrogateSession) {
        return jdbc.update("""
                update parsed_cv set user_id = :user, session_id = :session, stored_file_path = null,
                    file_name = null, updated_at = now()
                where id = :id
                """, new MapSqlParameterSource().addValue("id", id).addValue("user", surrogateUser)
                .addValue("session", surrogateSession));
    }

    public record TenantStats(Map<String, Long> byStatus, Double averageProcessingTimeSeconds) {
    }

    public TenantStats stats(String tenantId) {
        Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
        byStatus.put(ParsedCv.PROCESSING, 0L);
        byStatus.put(ParsedCv.SUCCESS, 0L);
        byStatus.put(ParsedCv.FAILED, 0L);
        jdbc.query("select status, count(*) as n from parsed_cv where tenant_id = :t group by status",
                Map.of("t", tenantId), rs -> {
                    byStatus.put(rs.getString("status"), rs.getLong("n"));
                });
        Double average = jdbc.queryForObject("""
                select avg(processing_time_seconds) from parsed_cv
                where tenant_id = :t and status = 'success'
                """, Map.of("t", tenantId), Double.class);
        return new TenantStats(byStatus, average);
    }

    private static ParsedCv row(ResultSet rs, int i) throws SQLException {
        Double seconds = rs.getObject("processing_time_seconds") == null ? null
                : rs.getDouble("processing_time_seconds");
        return new ParsedCv(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("user_id"),
                rs.getString("session_id"), ParseMode.of(rs.getString("parse_mode")), rs.getString("source"),
                rs.getString("status"), rs.getString("file_name"), rs.getString("stored_file_path"),
                rs.getString("cv_language"), rs.getString("parsed_data"), rs.getString("error_message"),
                seconds, rs.getInt("attempts"),
                rs.getTimestamp("requested_at").toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
