package io.kavsak.hub.reminders;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The appointments table and the reminders it schedules: saving an appointment (re)schedules one pending reminder
 * per channel at {@code starts_at − offset}; a changed time or channel replaces the pending ones; cancelling
 * deletes the appointment and its reminders. Reminders already fired stay as history.
 */
@Component
public class Appointments {

    private final NamedParameterJdbcTemplate jdbc;
    private final ReminderProperties properties;
    private final MeterRegistry meters;

    public Appointments(NamedParameterJdbcTemplate jdbc, ReminderProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.meters = meters;
    }

    /** Creates or replaces the appointment; true when it was created. */
    @Transactional
    public boolean save(String tenantId, String appointmentId, AppointmentRequest request, ZoneId zone,
                        List<String> channels) {
        Instant startsAt = request.startsAt().toInstant();
        Instant dueAt = startsAt.minus(properties.offset());
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("t", tenantId).addValue("a", appointmentId).addValue("u", request.userId())
                .addValue("startsAt", Timestamp.from(startsAt)).addValue("zone", zone.getId())
                .addValue("title", request.title()).addValue("channels", String.join(",", channels))
                .addValue("email", request.email()).addValue("locale", request.locale())
                .addValue("due", Timestamp.from(dueAt)).addValue("channelList", channels);
        boolean created = jdbc.queryForObject("""
                insert into appointment (tenant_id, appointment_id, user_id, starts_at, time_zone, title, channels,
                                         email, locale)
                values (:t, :a, :u, :startsAt, :zone, :title, string_to_array(:channels, ','), :email, :locale)
                on conflict (tenant_id, appointment_id) do update set user_id = excluded.user_id,
                    starts_at = excluded.starts_at, time_zone = excluded.time_zone, title = excluded.title,
                    channels = excluded.channels, email = excluded.email, locale = excluded.locale,
                    updated_at = now()
                returning (xmax = 0)""", params, Boolean.class);
        // a pending reminder for another time or a dropped channel is replaced; one that fired stays as history
        jdbc.update("""
                delete from reminder where tenant_id = :t and appointment_id = :a and status = 'PENDING'
                  and (due_at <> :due or channel not in (:channelList))""", params);
        for (String channel : channels) {
            int scheduled = jdbc.update("""
                    insert into reminder (tenant_id, appointment_id, channel, due_at, next_attempt_at)
                    select :t, :a, :channel, :due, :due
                    where not exists (select 1 from reminder where tenant_id = :t and appointment_id = :a
                                      and channel = :channel and due_at = :due)""",
                    new MapSqlParameterSource(params.getValues()).addValue("channel", channel));
            if (scheduled > 0) {
                meters.counter("kavsak.reminders.scheduled", "channel", channel).increment(scheduled);
            }
        }
        return created;
    }

    public Optional<AppointmentView> find(String tenantId, String appointmentId) {
        Map<String, String> params = Map.of("t", tenantId, "a", appointmentId);
        List<AppointmentView.Reminder> reminders = jdbc.query("""
                select channel, due_at, status, attempts, fired_at, last_error from reminder
                where tenant_id = :t and appointment_id = :a order by due_at, channel""", params,
                (rs, i) -> new AppointmentView.Reminder(rs.getString("channel"), instant(rs, "due_at"),
                        rs.getString("status"), rs.getInt("attempts"), instant(rs, "fired_at"),
                        rs.getString("last_error")));
        return jdbc.query("""
                select appointment_id, user_id, starts_at, time_zone, title, channels from appointment
                where tenant_id = :t and appointment_id = :a""", params,
                (rs, i) -> new AppointmentView(rs.getString("appointment_id"), rs.getString("user_id"),
                        instant(rs, "starts_at").atZone(ZoneId.of(rs.getString("time_zone")))
                                .toOffsetDateTime().toString(),
                        rs.getString("time_zone"), rs.getString("title"),
                        Arrays.asList((String[]) rs.getArray("channels").getArray()), reminders))
                .stream().findFirst();
    }

    /** Deletes the appointment and its reminders; the number of pending ones removed, or empty when absent. */
    @Transactional
    public Optional<Integer> cancel(String tenantId, String appointmentId) {
        Map<String, String> params = Map.of("t", tenantId, "a", appointmentId);
        // the row lock waits for a poller that is firing one of its reminders right now
        List<Integer> pending = jdbc.query("""
                select (select count(*) from reminder r where r.tenant_id = a.tenant_id
                        and r.appointment_id = a.appointment_id and r.status = 'PENDING')::int
                from appointment a where tenant_id = :t and appointment_id = :a for update""", params,
                (rs, i) -> rs.getInt(1));
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        jdbc.update("delete from appointment where tenant_id = :t and appointment_id = :a", params);
        return Optional.of(pending.get(0));
    }

    /** Deletes every appointment of the user and all their reminders; appointments plus reminders deleted. */
    @Transactional
    public long eraseUser(String tenantId, String userId) {
        Map<String, String> params = Map.of("t", tenantId, "u", userId);
        int reminders = jdbc.update("""
                delete from reminder r using appointment a
                where a.tenant_id = :t and a.user_id = :u
                  and r.tenant_id = a.tenant_id and r.appointment_id = a.appointment_id""", params);
        int appointments = jdbc.update("delete from appointment where tenant_id = :t and user_id = :u", params);
        return (long) reminders + appointments;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
