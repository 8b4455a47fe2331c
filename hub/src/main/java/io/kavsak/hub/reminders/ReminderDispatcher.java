package io.kavsak.hub.reminders;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due reminders, exactly once across hub replicas: one transaction claims a batch of due rows with
 * {@code for update skip locked} (another replica skips them), hands each to its channel, and marks it sent,
 * retried, failed or missed. A crash before the commit leaves the rows pending with no effect committed; after
 * the commit they are never claimed again. A reminder found due after its appointment started (every hub was down
 * past it) is recorded missed.
 */
@Component("reminderDispatcher")
public class ReminderDispatcher {

    /** The seed's Celery task name, kept as the {@code task_name} log field. */
    public static final String TASK_NAME = "appointments.send_reminder";

    private static final Logger log = LoggerFactory.getLogger(ReminderDispatcher.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Map<String, ReminderChannel> channels;
    private final ReminderProperties properties;
    private final MeterRegistry meters;

    public ReminderDispatcher(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
                              List<ReminderChannel> channels, ReminderProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.channels = channels.stream().collect(Collectors.toMap(ReminderChannel::name, Function.identity()));
        this.properties = properties;
        this.meters = meters;
    }

    private record Claimed(DueReminder reminder, boolean started) {
    }

    /** What one poll did, counted into the metrics after its commit. */
    private record Poll(int claimed, List<String> sent, List<Double> latenessMs, List<String> retried,
                        List<String> failed, List<String> missed) {
    }

    /** One poll: claims up to {@code claim-batch} due reminders and fires them; returns how many it claimed. */
    public int fireDue() {
        Poll poll = transaction.execute(status -> claimAndFire());
        for (int i = 0; i < poll.sent().size(); i++) {
            meters.counter("kavsak.reminders.sent", "channel", poll.sent().get(i)).increment();
            Timer.builder("kavsak.reminders.lateness")
                    .description("Fire time minus due time of each sent reminder")
                    .tag("channel", poll.sent().get(i))
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(Duration.ofNanos(Math.round(poll.latenessMs().get(i) * 1_000_000)));
        }
        poll.retried().forEach(channel -> meters.counter("kavsak.reminders.retried", "channel", channel).increment());
        poll.failed().forEach(channel -> meters.counter("kavsak.reminders.failed", "channel", channel).increment());
        poll.missed().forEach(channel -> meters.counter("kavsak.reminders.missed", "channel", channel).increment());
        return poll.claimed();
    }

    private Poll claimAndFire() {
        List<Claimed> due = jdbc.query("""
                select r.id, r.tenant_id, r.appointment_id, r.channel, r.due_at, r.attempts,
                       a.user_id, a.starts_at, a.time_zone, a.title, a.email, a.locale,
                       a.starts_at <= clock_timestamp() as started
                from reminder r
                join appointment a on a.tenant_id = r.tenant_id and a.appointment_id = r.appointment_id
                where r.status = 'PENDING' and r.next_attempt_at <= clock_timestamp()
                order by r.next_attempt_at
                limit :batch
                for update of r skip locked""", Map.of("batch", properties.claimBatch()),
                (rs, i) -> new Claimed(new DueReminder(rs.getLong("id"), rs.getString("tenant_id"),
                        rs.getString("appointment_id"), rs.getString("user_id"), rs.getString("channel"),
                        rs.getTimestamp("due_at").toInstant(), rs.getTimestamp("starts_at").toInstant(),
                        rs.getString("time_zone"), rs.getString("title"), rs.getString("email"),
                        rs.getString("locale"), rs.getInt("attempts")), rs.getBoolean("started")));
        List<Long> sentIds = new ArrayList<>();
        List<String> retried = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Claimed claimed : due) {
            DueReminder reminder = claimed.reminder();
            if (claimed.started()) {
                jdbc.update("""
                        update reminder set status = 'MISSED', fired_at = clock_timestamp(),
                            last_error = 'the appointment had started before a hub could fire the reminder'
                        where id = :id""", Map.of("id", reminder.id()));
                missed.add(reminder.channel());
                fields(log.atWarn(), reminder).log("Reminder missed: appointment {} started at {} before it could fire"
                        + " (due {})", reminder.appointmentId(), reminder.startsAt(), reminder.dueAt());
                continue;
            }
            try {
                ReminderChannel channel = channels.get(reminder.channel());
                if (channel == null) {
                    throw new IllegalStateException("channel '" + reminder.channel() + "' is not available on this hub");
                }
                channel.send(reminder);
                sentIds.add(reminder.id());
            } catch (DataAccessException e) {
                // the database, not the channel: roll the whole poll back; its reminders are claimed again next time
                throw e;
            } catch (RuntimeException e) {
                int attempts = reminder.attempts() + 1;
                boolean last = attempts > properties.maxRetries();
                Duration backoff = properties.backoff(attempts);
                jdbc.update("""
                        update reminder set attempts = :attempts, last_error = left(:error, 1000),
                            status = case when :last then 'FAILED' else 'PENDING' end,
                            fired_at = case when :last then clock_timestamp() end,
                            next_attempt_at = clock_timestamp() + :backoffMs * interval '1 millisecond'
                        where id = :id""", new MapSqlParameterSource().addValue("attempts", attempts)
                        .addValue("error", String.valueOf(e.getMessage())).addValue("last", last)
                        .addValue("backoffMs", backoff.toMillis()).addValue("id", reminder.id()));
                (last ? failed : retried).add(reminder.channel());
                if (last) {
                    fields(log.atError(), reminder).log("Reminder failed after {} attempts: {}", attempts, e.getMessage());
                } else {
                    fields(log.atWarn(), reminder).log("Reminder attempt {} failed, retrying in {}: {}", attempts,
                            backoff, e.getMessage());
                }
            }
        }
        List<String> sentChannels = new ArrayList<>();
        List<Double> lateness = new ArrayList<>();
        if (!sentIds.isEmpty()) {
            jdbc.query("""
                    update reminder set status = 'SENT', attempts = attempts + 1, fired_at = clock_timestamp(),
                        last_error = null
                    where id in (:ids)
                    returning channel, extract(epoch from (fired_at - due_at)) * 1000 as lateness_ms""",
                    Map.of("ids", sentIds), rs -> {
                        sentChannels.add(rs.getString("channel"));
                        lateness.add(rs.getDouble("lateness_ms"));
                    });
        }
        return new Poll(due.size(), sentChannels, lateness, retried, failed, missed);
    }

    private static org.slf4j.spi.LoggingEventBuilder fields(org.slf4j.spi.LoggingEventBuilder event,
                                                            DueReminder reminder) {
        return event.addKeyValue("task_name", TASK_NAME)
                .addKeyValue("appointment_id", reminder.appointmentId())
                .addKeyValue("retry", reminder.attempts())
                .addKeyValue("tenant_id", reminder.tenantId())
                .addKeyValue("channel", reminder.channel());
    }
}
