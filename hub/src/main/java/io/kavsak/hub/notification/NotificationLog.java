package io.kavsak.hub.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads a tenant's notification log: filtered by status, template and time, newest first. */
@Repository
public class NotificationLog {

    /** The filters of a log query; null fields do not filter. */
    public record Filter(String status, String template, Instant from, Instant to) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public NotificationLog(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<NotificationView> page(String tenantId, Filter filter, int page, int size) {
        MapSqlParameterSource params = params(tenantId, filter).addValue("limit", size)
                .addValue("offset", (long) page * size);
        return jdbc.query("select * from notification where " + WHERE
                + " order by accepted_at desc, id limit :limit offset :offset", params, NotificationLog::view);
    }

    public long count(String tenantId, Filter filter) {
        Long total = jdbc.queryForObject("select count(*) from notification where " + WHERE, params(tenantId, filter),
                Long.class);
        return total == null ? 0 : total;
    }

    public Optional<NotificationView> find(String tenantId, UUID id) {
        return jdbc.query("select * from notification where tenant_id = :tenant and id = :id",
                new MapSqlParameterSource().addValue("tenant", tenantId).addValue("id", id), NotificationLog::view)
                .stream().findFirst();
    }

    private static final String WHERE = """
            tenant_id = :tenant
            and (cast(:status as text) is null or status = :status)
            and (cast(:template as text) is null or template = :template)
            and (cast(:from as timestamptz) is null or accepted_at >= :from)
            and (cast(:to as timestamptz) is null or accepted_at < :to)""";

    private static MapSqlParameterSource params(String tenantId, Filter filter) {
        return new MapSqlParameterSource().addValue("tenant", tenantId)
                .addValue("status", filter.status(), java.sql.Types.VARCHAR)
                .addValue("template", filter.template(), java.sql.Types.VARCHAR)
                .addValue("from", filter.from() == null ? null : Timestamp.from(filter.from()), java.sql.Types.TIMESTAMP)
                .addValue("to", filter.to() == null ? null : Timestamp.from(filter.to()), java.sql.Types.TIMESTAMP);
    }

    private static NotificationView view(ResultSet rs, int row) throws SQLException {
        return new NotificationView(UUID.fromString(rs.getString("id")), rs.getString("event_id"),
                rs.getString("template"), rs.getString("locale"), rs.getString("status"), rs.getString("provider"),
                rs.getString("smtp_message_id"), rs.getInt("attempts"), rs.getString("reason"),
                rs.getString("requested_by"), instant(rs, "requested_at"), instant(rs, "accepted_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
