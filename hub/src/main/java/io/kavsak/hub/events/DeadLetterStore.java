package io.kavsak.hub.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code dead_letter} table. A letter of an unreadable event, or of one naming no registered
 * tenant, is stored with tenant NULL: only the operator lists it ({@code tenantId == null} below means
 * "every tenant and none", which only platform callers reach).
 */
@Component("deadLetterStore")
public class DeadLetterStore {

    public static final String LETTER = "kavsakDeadLetter";

    private final NamedParameterJdbcTemplate jdbc;
    private final MeterRegistry meters;

    public DeadLetterStore(NamedParameterJdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** Stores the letter {@link DeadLetters#describe} left on the exchange; a redelivered record adds none. */
    public void save(org.apache.camel.Exchange exchange) {
        DeadLetters.Description letter = exchange.getProperty(LETTER, DeadLetters.Description.class);
        int stored = jdbc.update("""
                insert into dead_letter (tenant_id, user_ids, event_id, event_type, source_topic, source_partition,
                                         source_offset, record_key, original_event, reason, error_type, attempts)
                values ((select tenant_id from tenant where tenant_id = :tenant), :users, :eventId, :eventType,
                        :topic, :partition, :offset, :key, :original, :reason, :errorType, :attempts)
                on conflict (source_topic, source_partition, source_offset) do nothing
                """, new MapSqlParameterSource()
                .addValue("tenant", letter.tenantId()).addValue("users", letter.userIds().toArray(String[]::new))
                .addValue("eventId", letter.eventId()).addValue("eventType", letter.eventType())
                .addValue("topic", letter.topic()).addValue("partition", letter.partition())
                .addValue("offset", letter.offset()).addValue("key", letter.key())
                .addValue("original", letter.originalEvent()).addValue("reason", letter.reason())
                .addValue("errorType", letter.errorType()).addValue("attempts", letter.attempts()));
        if (stored == 1) {
            Counter.builder("kavsak.dead.letters").description("Dead letters stored, by the topic of the failed record")
                    .tag("topic", letter.topic()).register(meters).increment();
        }
    }

    public List<DeadLetter> list(String tenantId, String topic, DeadLetter.Status status, int page, int size) {
        return jdbc.query("select * from dead_letter " + filter(tenantId, topic, status)
                        + " order by failed_at desc, id limit :limit offset :offset",
                params(tenantId, topic, status).addValue("limit", size).addValue("offset", (long) page * size), ROW);
    }

    public long count(String tenantId, String topic, DeadLetter.Status status) {
        Long total = jdbc.queryForObject("select count(*) from dead_letter " + filter(tenantId, topic, status),
                params(tenantId, topic, status), Long.class);
        return total == null ? 0 : total;
    }

    public Optional<DeadLetter> find(String tenantId, UUID id) {
        return jdbc.query("select * from dead_letter where id = :id and (cast(:tenant as text) is null or tenant_id = :tenant)",
                new MapSqlParameterSource().addValue("id", id).addValue("tenant", tenantId), ROW).stream().findFirst();
    }

    /** Marks a pending letter replayed; empty when it is not there or was replayed already. */
    public Optional<DeadLetter> claimForReplay(String tenantId, UUID id, String by) {
        return jdbc.query("""
                update dead_letter set status = 'REPLAYED', replayed_at = now(), replayed_by = :by
                where id = :id and status = 'PENDING' and (cast(:tenant as text) is null or tenant_id = :tenant)
                returning *
                """, new MapSqlParameterSource().addValue("id", id).addValue("tenant", tenantId).addValue("by", by),
                ROW).stream().findFirst();
    }

    public boolean discard(String tenantId, UUID id) {
        return jdbc.update("delete from dead_letter where id = :id and (cast(:tenant as text) is null or tenant_id = :tenant)",
                new MapSqlParameterSource().addValue("id", id).addValue("tenant", tenantId)) == 1;
    }

    /**
     * Deletes the letters of a recalled user: those that name them, and, since an event that could not
     * be read may carry the id anywhere, those whose raw event holds it as a JSON string. Letters
     * without a tenant are searched too.
     */
    public int deleteOfUser(String tenantId, String userId) {
        // the raw event may be unreadable: match the id as a JSON string or, for a numeric id, as a bare number;
        // a letter without a tenant is the user's only when its raw text names the recalled tenant too
        return jdbc.update("""
                delete from dead_letter
                where (tenant_id = :tenant or (tenant_id is null and strpos(original_event, :quotedTenant) > 0))
                  and (user_ids @> array[cast(:user as text)] or strpos(original_event, :quoted) > 0
                       or (:numeric and original_event ~ :bare))
                """, new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("tenant", tenantId).addValue("user", userId)
                .addValue("quoted", "\"" + userId + "\"").addValue("quotedTenant", "\"" + tenantId + "\"")
                .addValue("numeric", userId.matches("\\d{1,30}"))
                .addValue("bare", "[:\\[,]\\s*" + userId.replaceAll("\\D", "") + "\\s*[,}\\]]"));
    }

    private static String filter(String tenantId, String topic, DeadLetter.Status status) {
        StringBuilder where = new StringBuilder("where true");
        if (tenantId != null) {
            where.append(" and tenant_id = :tenant");
        }
        if (topic != null) {
            where.append(" and source_topic = :topic");
        }
        if (status != null) {
            where.append(" and status = :status");
        }
        return where.toString();
    }

    private static MapSqlParameterSource params(String tenantId, String topic, DeadLetter.Status status) {
        return new MapSqlParameterSource().addValue("tenant", tenantId).addValue("topic", topic)
                .addValue("status", status == null ? null : status.name());
    }

    private static final RowMapper<DeadLetter> ROW = DeadLetterStore::letter;

    private static DeadLetter letter(ResultSet rs, int row) throws SQLException {
        Timestamp replayed = rs.getTimestamp("replayed_at");
        return new DeadLetter(rs.getObject("id", UUID.class), rs.getString("tenant_id"),
                List.of((String[]) rs.getArray("user_ids").getArray()), rs.getString("event_id"),
                rs.getString("event_type"), rs.getString("source_topic"), (Integer) rs.getObject("source_partition"),
                (Long) rs.getObject("source_offset"), rs.getString("record_key"), rs.getString("original_event"),
                rs.getString("reason"), rs.getString("error_type"), rs.getInt("attempts"),
                DeadLetter.Status.valueOf(rs.getString("status")), rs.getTimestamp("failed_at").toInstant(),
                replayed == null ? null : replayed.toInstant(), rs.getString("replayed_by"));
    }
}
