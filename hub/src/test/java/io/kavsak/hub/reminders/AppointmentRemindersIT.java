package io.kavsak.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.notification.NotificationTemplates;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.TestLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appointment reminders on the real hub, PostgreSQL, Kafka and SMTP: on time and never early, rescheduled,
 * cancelled, mailed, fired once by several pollers, fired or missed after every poller was down, retried then
 * failed, and erased by a recall. The offset is one minute (HubIntegrationTest), so an appointment starting in
 * 1 min + a few seconds is due in a few seconds.
 */
class AppointmentRemindersIT extends HubIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ReminderDispatcher dispatcher;

    @Autowired
    NotificationTemplates templates;

    @Autowired
    CamelContext camel;

    private String newTenant() {
        String tenant = "rem-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        return tenant;
    }

    private static String service(String tenant) {
        return TOKENS.token("backend", tenant, List.of("service"), Duration.ofMinutes(10));
    }

    private static String appointmentId() {
        return "appt-" + UUID.randomUUID();
    }

    /** An appointment starting {@code dueIn} after its reminder is due, i.e. one minute plus {@code dueIn} from now. */
    private static OffsetDateTime startsSoDueIn(Duration dueIn) {
        return OffsetDateTime.now(ZoneOffset.ofHours(3)).plusMinutes(1).plus(dueIn).truncatedTo(ChronoUnit.MILLIS);
    }

    private HttpResponse<String> save(String tenant, String id, String user, OffsetDateTime startsAt, String channels,
                                      String extra) {
        return call("PUT", "/api/v1/appointments/" + id, service(tenant), "{\"user_id\": \"" + user
                + "\", \"starts_at\": \"" + startsAt + "\", \"time_zone\": \"Europe/Istanbul\", \"title\": \"Dentist\""
                + ", \"channels\": " + channels + extra + "}");
    }

    private String status(String tenant, String id) {
        List<String> statuses = jdbc.queryForList("""
                select status from reminder where tenant_id = ? and appointment_id = ? order by id desc""",
                String.class, tenant, id);
        return statuses.isEmpty() ? null : statuses.get(0);
    }

    /** How often the log channel wrote this appointment's reminder since {@code mark}. */
    private static int logLines(long mark, String id) {
        Matcher matcher = Pattern.compile("Reminder: appointment " + Pattern.quote(id) + " of user").matcher(TestLog.since(mark));
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private double count(String name, String channel) {
        Counter counter = meters.find(name).tag("channel", channel).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void reminderFiresOnTimeAndNeverBeforeItIsDue() {
        String tenant = newTenant();
        String id = appointmentId();
        long mark = TestLog.mark();
        double sentBefore = count("kavsak.reminders.sent", "log");
        OffsetDateTime startsAt = startsSoDueIn(Duration.ofSeconds(3));
        HttpResponse<String> created = save(tenant, id, "user-1", startsAt, "[\"log\"]", "");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = jsonOf(created);
        assertThat(body.path("time_zone").asText()).isEqualTo("Europe/Istanbul");
        assertThat(body.path("reminders").get(0).path("status").asText()).isEqualTo("PENDING");
        assertThat(Instant.parse(body.path("reminders").get(0).path("due_at").asText()))
                .isEqualTo(startsAt.toInstant().minusSeconds(60));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "SENT".equals(status(tenant, id)));
        Map<String, Object> row = jdbc.queryForMap("""
                select due_at, fired_at, attempts from reminder where tenant_id = ? and appointment_id = ?""", tenant, id);
        Instant due = ((Timestamp) row.get("due_at")).toInstant();
        Instant fired = ((Timestamp) row.get("fired_at")).toInstant();
        assertThat(fired).as("never before it is due").isAfterOrEqualTo(due);
        // the bound is the 200 ms poll interval; the slack is for a machine shared with other builds
        assertThat(Duration.between(due, fired)).as("lateness").isLessThan(Duration.ofSeconds(3));
        assertThat(row.get("attempts")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines(mark, id) == 1);
        assertThat(count("kavsak.reminders.sent", "log") - sentBefore).isGreaterThanOrEqualTo(1);
        Timer lateness = meters.find("kavsak.reminders.lateness").tag("channel", "log").timer();
        assertThat(lateness).isNotNull();
        assertThat(lateness.count()).isPositive();
        String line = TestLog.since(mark).lines().filter(l -> l.contains("Reminder: appointment " + id))
                .findFirst().orElseThrow();
        assertThat(line).as("the start in the appointment's own zone").contains("+03:00[Europe/Istanbul]");
    }

    @Test
    void changingTheTimeReschedulesAndCancellingRemovesTheReminder() {
        String tenant = newTenant();
        String moved = appointmentId();
        String cancelled = appointmentId();
        String sentinel = appointmentId();
        long mark = TestLog.mark();
        assertThat(save(tenant, moved, "user-1", OffsetDateTime.now().plusHours(2), "[\"log\"]", "").statusCode())
                .isEqualTo(201);
        OffsetDateTime sooner = startsSoDueIn(Duration.ofSeconds(3));
        HttpResponse<String> rescheduled = save(tenant, moved, "user-1", sooner, "[\"log\"]", "");
        assertThat(rescheduled.statusCode()).as(rescheduled.body()).isEqualTo(200);
        assertThat(jsonOf(rescheduled).path("reminders")).hasSize(1);
        assertThat(Instant.parse(jsonOf(rescheduled).path("reminders").get(0).path("due_at").asText()))
                .isEqualTo(sooner.toInstant().minusSeconds(60));

        assertThat(save(tenant, cancelled, "user-1", startsSoDueIn(Duration.ofSeconds(3)), "[\"log\"]", "")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> cancel = call("DELETE", "/api/v1/appointments/" + cancelled, service(tenant), null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(jsonOf(cancel).path("pending_reminders_removed").asInt()).isEqualTo(1);
        assertThat(call("GET", "/api/v1/appointments/" + cancelled, service(tenant), null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/appointments/" + cancelled, service(tenant), null).statusCode())
                .isEqualTo(404);
        // due a second after the cancelled one: once it fired, the cancelled one would have too
        assertThat(save(tenant, sentinel, "user-1", startsSoDueIn(Duration.ofSeconds(4)), "[\"log\"]", "")
                .statusCode()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(tenant, sentinel)));
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines(mark, sentinel) == 1);
        assertThat(status(tenant, moved)).isEqualTo("SENT");
        assertThat(logLines(mark, moved)).isEqualTo(1);
        assertThat(logLines(mark, cancelled)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from reminder where tenant_id = ? and appointment_id = ?",
                Integer.class, tenant, moved)).as("the reminder for the first time was replaced").isEqualTo(1);

        // saving the same appointment again does not send a fired reminder a second time
        assertThat(save(tenant, moved, "user-1", sooner, "[\"log\"]", "").statusCode()).isEqualTo(200);
        assertThat(status(tenant, moved)).isEqualTo("SENT");
        assertThat(jdbc.queryForObject("select count(*) from reminder where tenant_id = ? and appointment_id = ?",
                Integer.class, tenant, moved)).isEqualTo(1);
    }

    @Test
    void emailReminderArrivesInTheMailboxInTheAppointmentsLanguageAndZone() throws Exception {
        String tenant = newTenant();
        String id = appointmentId();
        String to = "reminder-" + UUID.randomUUID() + "@example.com";
        OffsetDateTime startsAt = startsSoDueIn(Duration.ofSeconds(2));
        HttpResponse<String> created = save(tenant, id, "user-7", startsAt, "[\"email\", \"log\"]",
                ", \"email\": \"" + to + "\", \"locale\": \"tr\"");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> mailsTo(to).size() == 1);
        MimeMessage mail = mailsTo(to).get(0);
        String local = startsAt.atZoneSameInstant(java.time.ZoneId.of("Europe/Istanbul"))
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        assertThat(mail.getSubject()).isEqualTo("Hatırlatma: Dentist, " + local + " (Europe/Istanbul) tarihli randevunuz");
        assertThat(jdbc.queryForList("""
                select status from reminder where tenant_id = ? and appointment_id = ? order by channel""",
                String.class, tenant, id)).containsExactly("SENT", "SENT");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from notification where tenant_id = ? and status = 'SENT'", Integer.class, tenant) == 1);
        Thread.sleep(1000); // a second mail would be on its way by now
        assertThat(mailsTo(to)).hasSize(1);
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(services().mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    @Test
    void severalPollersFireEachReminderExactlyOnceAndAReminderWeeksAheadWaits() throws Exception {
        String tenant = newTenant();
        long mark = TestLog.mark();
        double sentBefore = count("kavsak.reminders.sent", "log");
        List<String> ids = new ArrayList<>();
        // all due at the same instant, a few seconds after the last one is saved
        OffsetDateTime startsAt = startsSoDueIn(Duration.ofSeconds(10));
        for (int i = 0; i < 300; i++) {
            String id = appointmentId();
            ids.add(id);
            assertThat(save(tenant, id, "user-" + (i % 7), startsAt, "[\"log\"]", "").statusCode()).isEqualTo(201);
        }
        String weeksAhead = appointmentId();
        assertThat(save(tenant, weeksAhead, "user-1", OffsetDateTime.now().plusWeeks(3), "[\"log\"]", "").statusCode())
                .isEqualTo(201);

        // four more pollers on the same database besides the hub's own route, each in its own transactions
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pollers = Executors.newFixedThreadPool(4);
        List<Future<Integer>> claimed = new ArrayList<>();
        try {
            for (int p = 0; p < 4; p++) {
                claimed.add(pollers.submit(() -> {
                    int total = 0;
                    while (running.get()) {
                        total += dispatcher.fireDue();
                        Thread.sleep(5);
                    }
                    return total;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "select count(*) from reminder where tenant_id = ? and status = 'SENT'", Integer.class, tenant) == 300);

            // the weeks-ahead reminder is a row, not a message with a visibility timeout: nothing redelivers it.
            // Its time comes (moved here, since the test cannot wait three weeks) while all five pollers run.
            assertThat(status(tenant, weeksAhead)).isEqualTo("PENDING");
            jdbc.update("""
                    update appointment set starts_at = clock_timestamp() + interval '65 seconds'
                    where tenant_id = ? and appointment_id = ?""", tenant, weeksAhead);
            jdbc.update("""
                    update reminder set due_at = clock_timestamp() + interval '5 seconds',
                        next_attempt_at = clock_timestamp() + interval '5 seconds'
                    where tenant_id = ? and appointment_id = ?""", tenant, weeksAhead);
            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(tenant, weeksAhead)));
            Thread.sleep(1000); // five pollers had time to fire anything twice
        } finally {
            running.set(false);
            pollers.shutdown();
        }
        int byTestPollers = 0;
        for (Future<Integer> f : claimed) {
            byTestPollers += f.get();
        }
        assertThat(byTestPollers).as("the extra pollers took part").isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines(mark, ids.get(299)) >= 1);
        for (String id : ids) {
            assertThat(logLines(mark, id)).as(id).isEqualTo(1);
        }
        assertThat(logLines(mark, weeksAhead)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select max(attempts) from reminder where tenant_id = ?", Integer.class, tenant))
                .isEqualTo(1);
        assertThat(count("kavsak.reminders.sent", "log") - sentBefore).isGreaterThanOrEqualTo(301);
    }

    @Test
    void aReminderDueWhileEveryPollerWasDownFiresIfTheAppointmentHasNotStartedElseIsMissed() throws Exception {
        String tenant = newTenant();
        String notStarted = appointmentId();
        String started = appointmentId();
        long mark = TestLog.mark();
        double missedBefore = count("kavsak.reminders.missed", "log");
        camel.getRouteController().stopRoute("reminder-poller");
        try {
            assertThat(save(tenant, notStarted, "user-1", startsSoDueIn(Duration.ofSeconds(2)), "[\"log\"]", "")
                    .statusCode()).isEqualTo(201);
            // starts in 3 s: its reminder was due almost a minute ago
            OffsetDateTime soon = OffsetDateTime.now().plusSeconds(3);
            assertThat(save(tenant, started, "user-1", soon, "[\"log\"]", "").statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(soon.toInstant().plusMillis(500)));
            assertThat(status(tenant, notStarted)).isEqualTo("PENDING");
            assertThat(status(tenant, started)).isEqualTo("PENDING");
        } finally {
            camel.getRouteController().startRoute("reminder-poller");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(tenant, notStarted))
                && "MISSED".equals(status(tenant, started)));
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines(mark, notStarted) == 1);
        assertThat(logLines(mark, started)).isZero();
        assertThat(count("kavsak.reminders.missed", "log") - missedBefore).isEqualTo(1);
        JsonNode view = jsonOf(call("GET", "/api/v1/appointments/" + started, service(tenant), null));
        assertThat(view.path("reminders").get(0).path("status").asText()).isEqualTo("MISSED");
    }

    @Test
    void aSendThatFailsIsRetriedWithBackoffThenRecordedFailed() {
        String tenant = newTenant();
        // the tenant's own reminder mail needs a parameter a reminder does not carry: every attempt fails for real
        templates.save(tenant, EmailReminderChannel.TEMPLATE, "en", new NotificationTemplates.Parts(
                "Your visit in room ${room}", "<p>Room ${room}</p>", "Room ${room}"));
        String id = appointmentId();
        String to = "failing-" + UUID.randomUUID() + "@example.com";
        double retriedBefore = count("kavsak.reminders.retried", "email");
        double failedBefore = count("kavsak.reminders.failed", "email");
        assertThat(save(tenant, id, "user-1", startsSoDueIn(Duration.ofSeconds(1)), "[\"email\"]",
                ", \"email\": \"" + to + "\", \"locale\": \"en\"").statusCode()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(tenant, id)));
        Map<String, Object> row = jdbc.queryForMap("""
                select due_at, fired_at, attempts, last_error from reminder where tenant_id = ? and appointment_id = ?""",
                tenant, id);
        assertThat(row.get("attempts")).as("one attempt and max-retries (2) retries").isEqualTo(3);
        assertThat((String) row.get("last_error")).contains("missing parameter").contains("room");
        // backoff 300 ms, then 600 ms: the last attempt is at least 900 ms after the first
        assertThat(Duration.between(((Timestamp) row.get("due_at")).toInstant(),
                ((Timestamp) row.get("fired_at")).toInstant())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(count("kavsak.reminders.retried", "email") - retriedBefore).isEqualTo(2);
        assertThat(count("kavsak.reminders.failed", "email") - failedBefore).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                select count(*) from outbox_event where tenant_id = ? and event_type = 'notification.email.requested'""",
                Integer.class, tenant)).as("no mail was requested").isZero();
        assertThat(mailsTo(to)).isEmpty();
    }

    @Test
    void recallErasesTheUsersAppointmentsAndPendingReminders() {
        String tenant = newTenant();
        String first = appointmentId();
        String second = appointmentId();
        String other = appointmentId();
        save(tenant, first, "elif", OffsetDateTime.now().plusDays(2), "[\"log\", \"email\"]",
                ", \"email\": \"elif@example.com\"");
        save(tenant, second, "elif", OffsetDateTime.now().plusWeeks(3), "[\"log\"]", "");
        save(tenant, other, "zeynep", OffsetDateTime.now().plusDays(2), "[\"log\"]", "");

        HttpResponse<String> requested = call("POST", "/api/v1/consent/recall", TOKENS.user("elif", tenant),
                "{\"mode\": \"ANONYMIZE\"}");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        String recallId = jsonOf(requested).path("id").asText();
        JsonNode[] done = {null};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            done[0] = jsonOf(call("GET", "/api/v1/tenants/" + tenant + "/recalls/" + recallId,
                    TOKENS.admin("adm", tenant), null));
            assertThat(done[0].path("state").asText()).as(done[0].toString()).isEqualTo("COMPLETED");
        });
        JsonNode step = null;
        for (JsonNode entry : done[0].path("audit")) {
            if (entry.path("target").asText().equals("appointments")) {
                step = entry;
            }
        }
        assertThat(step).as(done[0].toString()).isNotNull();
        assertThat(step.path("rows_affected").asLong()).as("2 appointments and 3 reminders").isEqualTo(5);
        assertThat(call("GET", "/api/v1/appointments/" + first, service(tenant), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/appointments/" + second, service(tenant), null).statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from appointment where tenant_id = ? and user_id = 'elif'",
                Integer.class, tenant)).isZero();
        assertThat(call("GET", "/api/v1/appointments/" + other, service(tenant), null).statusCode()).isEqualTo(200);
    }

    @Test
    void onlyBackEndsOfTheTenantUseAppointmentsAndInvalidRequestsAreProblems() {
        String tenant = newTenant();
        String id = appointmentId();
        OffsetDateTime later = OffsetDateTime.now().plusDays(1);
        assertThat(save(tenant, id, "user-1", later, "[\"log\"]", "").statusCode()).isEqualTo(201);

        HttpResponse<String> admin = call("GET", "/api/v1/appointments/" + id, TOKENS.admin("adm", tenant), null);
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        String otherTenant = newTenant();
        assertThat(call("GET", "/api/v1/appointments/" + id, service(otherTenant), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/appointments/" + id + "?tenant_id=" + otherTenant, service(otherTenant), null)
                .statusCode()).isEqualTo(404);

        HttpResponse<String> past = save(tenant, appointmentId(), "user-1", OffsetDateTime.now().minusMinutes(1),
                "[\"log\"]", "");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(jsonOf(past).toString()).contains("starts_at");
        HttpResponse<String> sms = save(tenant, appointmentId(), "user-1", later, "[\"sms\"]", "");
        assertThat(sms.statusCode()).isEqualTo(400);
        assertThat(jsonOf(sms).toString()).contains("email").contains("log");
        HttpResponse<String> noAddress = save(tenant, appointmentId(), "user-1", later, "[\"email\"]", "");
        assertThat(noAddress.statusCode()).isEqualTo(400);
        assertThat(jsonOf(noAddress).toString()).contains("'email' is required");
        HttpResponse<String> zone = call("PUT", "/api/v1/appointments/" + appointmentId(), service(tenant),
                "{\"user_id\": \"u\", \"starts_at\": \"" + later + "\", \"time_zone\": \"Mars/Base\", \"title\": \"t\","
                        + " \"channels\": [\"log\"]}");
        assertThat(zone.statusCode()).isEqualTo(400);
        assertThat(jsonOf(zone).toString()).contains("time_zone");
    }
}
