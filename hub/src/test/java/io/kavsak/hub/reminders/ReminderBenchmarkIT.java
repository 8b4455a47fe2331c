package io.kavsak.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kavsak.hub.support.HubIntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 100,000 reminders due within the same minute, fired by the hub's own poller route (one replica; more pollers
 * with {@code -Dkavsak.bench.pollers}): reminders per second and lateness (fire time − due time) p50/p99/max, with
 * the raw PostgreSQL rate of inserting and updating the same rows through plain JDBC as the reference. Runs only
 * with {@code -Dkavsak.bench=true}; the command and the figures are in docs/benchmarks.md.
 */
@EnabledIfSystemProperty(named = "kavsak.bench", matches = "true")
class ReminderBenchmarkIT extends HubIntegrationTest {

    private static final int REMINDERS = Integer.getInteger("kavsak.bench.reminders", 100_000);
    private static final int SPREAD_SECONDS = Integer.getInteger("kavsak.bench.spread-seconds", 60);
    private static final int EXTRA_POLLERS = Integer.getInteger("kavsak.bench.pollers", 0);
    private static final int RAW_BATCH = 500;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    CamelContext camel;

    @Autowired
    ReminderDispatcher dispatcher;

    @Autowired
    ReminderProperties properties;

    @Test
    void hundredThousandRemindersDueWithinOneMinute() throws Exception {
        rawReference();

        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        camel.getRouteController().stopRoute("reminder-poller");
        long seedStart = System.nanoTime();
        // appointments start an hour after their reminder; seeded by SQL (the REST path is not what is measured)
        jdbc.update("""
                insert into appointment (tenant_id, appointment_id, user_id, starts_at, time_zone, title, channels)
                select ?, 'appt-' || g, 'user-' || (g % 1000), now() + interval '1 day', 'Europe/Istanbul', 'Check-up',
                       array['log']
                from generate_series(1, ?) g""", tenant, REMINDERS);
        jdbc.update("""
                insert into reminder (tenant_id, appointment_id, channel, due_at, next_attempt_at)
                select ?, 'appt-' || g, 'log', now() + interval '1 day', now() + interval '1 day'
                from generate_series(1, ?) g""", tenant, REMINDERS);
        jdbc.execute("analyze appointment");
        jdbc.execute("analyze reminder");
        // due from 30 s from now (time to finish seeding), evenly over the spread; the appointment an offset later
        Instant first = Instant.now().plusSeconds(30);
        jdbc.update("""
                update reminder set due_at = cast(? as timestamptz) + (substr(appointment_id, 6)::int - 1) * (cast(? as int) * 1000.0 / cast(? as int)) * interval '1 ms',
                                    next_attempt_at = cast(? as timestamptz) + (substr(appointment_id, 6)::int - 1) * (cast(? as int) * 1000.0 / cast(? as int)) * interval '1 ms'
                where tenant_id = ?""", Timestamp.from(first), SPREAD_SECONDS, REMINDERS, Timestamp.from(first),
                SPREAD_SECONDS, REMINDERS, tenant);
        jdbc.update("""
                update appointment a set starts_at = r.due_at + ? * interval '1 minute'
                from reminder r where r.tenant_id = a.tenant_id and r.appointment_id = a.appointment_id
                  and a.tenant_id = ?""", properties.offsetMinutes(), tenant);
        print("seeded %,d appointments with one log reminder each, due from %s over %d s, in %.1f s",
                REMINDERS, first, SPREAD_SECONDS, (System.nanoTime() - seedStart) / 1e9);
        assertThat(Instant.now()).as("seeding took longer than the head start; raise it").isBefore(first);
        camel.getRouteController().startRoute("reminder-poller");

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pollers = Executors.newFixedThreadPool(Math.max(EXTRA_POLLERS, 1));
        for (int p = 0; p < EXTRA_POLLERS; p++) {
            pollers.submit(() -> {
                while (running.get()) {
                    if (dispatcher.fireDue() == 0) {
                        Thread.sleep(200);
                    }
                }
                return null;
            });
        }
        try {
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1)).until(() -> jdbc.queryForObject(
                    "select count(*) from reminder where tenant_id = ? and status = 'PENDING'", Integer.class, tenant) == 0);
        } finally {
            running.set(false);
            pollers.shutdown();
        }

        Map<String, Object> figures = jdbc.queryForMap("""
                select count(*) filter (where status = 'SENT') as sent,
                       count(*) filter (where status <> 'SENT') as other,
                       max(attempts) as max_attempts,
                       extract(epoch from max(fired_at) - min(fired_at)) as firing_seconds,
                       extract(epoch from max(fired_at) - min(due_at)) as total_seconds,
                       percentile_cont(0.5) within group (order by extract(epoch from fired_at - due_at)) * 1000 as p50,
                       percentile_cont(0.99) within group (order by extract(epoch from fired_at - due_at)) * 1000 as p99,
                       max(extract(epoch from fired_at - due_at)) * 1000 as max,
                       min(extract(epoch from fired_at - due_at)) * 1000 as min
                from reminder where tenant_id = ?""", tenant);
        long sent = ((Number) figures.get("sent")).longValue();
        double firing = ((Number) figures.get("firing_seconds")).doubleValue();
        print("%,d sent (%s other, max attempts %s) by %d poller(s) on one hub, claim batch %d, poll every %s ms: "
                        + "first to last fire %.1f s = %,.0f reminders/s; first due to last fire %.1f s",
                sent, figures.get("other"), figures.get("max_attempts"), 1 + EXTRA_POLLERS, properties.claimBatch(),
                camel.resolvePropertyPlaceholders("{{kavsak.reminders.poll-interval-ms}}"), firing, sent / firing,
                ((Number) figures.get("total_seconds")).doubleValue());
        print("lateness (fire time - due time): min %.0f ms, p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                ((Number) figures.get("min")).doubleValue(), ((Number) figures.get("p50")).doubleValue(),
                ((Number) figures.get("p99")).doubleValue(), ((Number) figures.get("max")).doubleValue());
        assertThat(sent).isEqualTo(REMINDERS);
        assertThat(((Number) figures.get("min")).doubleValue()).as("none fired before it was due").isGreaterThanOrEqualTo(0);
        jdbc.update("delete from appointment where tenant_id = ?", tenant);
    }

    /** Plain JDBC on one connection: batched INSERTs of the same rows, then batched UPDATEs marking them sent. */
    private void rawReference() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create temp table reminder_raw (like reminder including all)");
            }
            Timestamp due = Timestamp.from(Instant.now().plusSeconds(3600));
            long start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into reminder_raw (tenant_id, appointment_id, channel, due_at, next_attempt_at)
                    values (?, ?, 'log', ?, ?)""")) {
                for (int i = 1; i <= REMINDERS; i++) {
                    insert.setString(1, "raw");
                    insert.setString(2, "appt-" + i);
                    insert.setTimestamp(3, due);
                    insert.setTimestamp(4, due);
                    insert.addBatch();
                    if (i % RAW_BATCH == 0) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
            double insertSeconds = (System.nanoTime() - start) / 1e9;
            List<Long> ids = new ArrayList<>();
            try (Statement select = connection.createStatement();
                 var rows = select.executeQuery("select id from reminder_raw order by id")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            start = System.nanoTime();
            try (PreparedStatement update = connection.prepareStatement("""
                    update reminder_raw set status = 'SENT', attempts = attempts + 1, fired_at = clock_timestamp()
                    where id = any(?)""")) {
                for (int from = 0; from < ids.size(); from += RAW_BATCH) {
                    update.setArray(1, connection.createArrayOf("bigint",
                            ids.subList(from, Math.min(from + RAW_BATCH, ids.size())).toArray()));
                    update.executeUpdate();
                    connection.commit();
                }
            }
            double updateSeconds = (System.nanoTime() - start) / 1e9;
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("drop table reminder_raw");
            }
            connection.commit();
            print("raw reference, plain JDBC on one connection, %d rows per transaction: INSERT %,d rows in %.1f s "
                            + "= %,.0f rows/s; UPDATE to SENT by id %,d rows in %.1f s = %,.0f rows/s",
                    RAW_BATCH, REMINDERS, insertSeconds, REMINDERS / insertSeconds, ids.size(), updateSeconds,
                    ids.size() / updateSeconds);
        }
    }

    private static void print(String format, Object... args) {
        System.out.println("REMINDER-BENCH " + String.format(format, args));
    }
}
