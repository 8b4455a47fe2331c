package io.kavsak.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Saved queries and scheduled report jobs against a second, real database on the embedded PostgreSQL: runs on the
 * clustered Quartz, the export in the tenant's storage, the mail with its attachment in GreenMail and the
 * scheduler.job.* events on their topics. The suite's cached contexts share one Quartz cluster, so the tests
 * assert on outcomes (run records, events, mails), never on which context fired.
 */
class ReportScheduleIT extends HubIntegrationTest {

    private static final String DATABASE = "kavsak_schedules_it";
    private static final String READER = "schedule_reader";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private Scheduler quartz;
    @Autowired
    private ReportExportRetention retention;
    @Value("${spring.datasource.url}")
    private String hubUrl;
    @Value("${kavsak.storage.root}")
    private String storageRoot;

    private static boolean prepared;

    private String reportsUrl() {
        return hubUrl.substring(0, hubUrl.lastIndexOf('/') + 1) + DATABASE;
    }

    private synchronized void prepareDatabase() throws Exception {
        if (prepared) {
            return;
        }
        if (jdbc.queryForObject("select count(*) from pg_database where datname = ?", Integer.class, DATABASE) == 0) {
            jdbc.execute("create database " + DATABASE);
        }
        jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + READER + "') then "
                + "create role " + READER + " login password 'unused'; end if; end $$");
        try (Connection owner = DriverManager.getConnection(reportsUrl(), "postgres", "postgres");
             Statement sql = owner.createStatement()) {
            sql.execute("drop table if exists orders");
            sql.execute("create table orders (id int primary key, customer text, amount numeric(10,2))");
            sql.execute("insert into orders select g, 'customer-' || g, g * 1.5 from generate_series(1, 200) g");
            sql.execute("grant select on orders to " + READER);
        }
        prepared = true;
    }

    private static KafkaProbe kafka() {
        return new KafkaProbe(services().kafka().getBrokersAsString());
    }

    /** A new tenant with the datasource "sales" (or one whose login the server refuses). */
    private String tenantWithDatasource(String user) throws Exception {
        prepareDatabase();
        String tenant = "rs-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        HttpResponse<String> registered = call("PUT", "/api/v1/tenants/" + tenant + "/datasources/sales",
                admin(tenant), "{\"jdbc_url\": \"" + reportsUrl() + "\", \"username\": \"" + user
                        + "\", \"password\": \"unused\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return tenant;
    }

    private static String admin(String tenant) {
        return TOKENS.admin("admin-1", tenant);
    }

    private HttpResponse<String> saveQuery(String tenant, String id, String sql, String parameters) {
        return call("PUT", "/api/v1/tenants/" + tenant + "/report-queries/" + id, admin(tenant),
                "{\"name\": \"Orders " + id + "\", \"sql\": \"" + sql + "\", \"datasource_id\": \"sales\", "
                        + "\"parameters\": " + parameters + "}");
    }

    private HttpResponse<String> saveSchedule(String tenant, String id, String query, String cron, String zone,
                                              String format, String recipients, boolean enabled) {
        return call("PUT", "/api/v1/tenants/" + tenant + "/report-schedules/" + id, admin(tenant),
                "{\"favorite_query_id\": \"" + query + "\", \"cron\": \"" + cron + "\", \"time_zone\": \"" + zone
                        + "\", \"delivery_channel\": \"email\", \"delivery_format\": \"" + format
                        + "\", \"recipients\": " + recipients + ", \"enabled\": " + enabled + "}");
    }

    private List<Map<String, Object>> runs(String tenant, String schedule) {
        return jdbc.queryForList("select * from report_run where tenant_id = ? and schedule_id = ? order by run_at",
                tenant, schedule);
    }

    private static JsonNode event(String topic, String jobId, String tenant) throws Exception {
        List<ConsumerRecord<String, String>> seen = kafka().readUntil(topic,
                r -> r.value().contains("\"" + jobId + "\"") && r.value().contains(tenant), Duration.ofSeconds(60));
        return JSON.readTree(seen.get(seen.size() - 1).value());
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

    /** The attachment of a mail: its file name and its content as text. */
    private static Map.Entry<String, String> attachment(Part part) throws Exception {
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                Map.Entry<String, String> found = attachment(multipart.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (part instanceof BodyPart body && body.getFileName() != null) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            body.getInputStream().transferTo(content);
            return Map.entry(body.getFileName(), content.toString(StandardCharsets.UTF_8));
        }
        return null;
    }

    @Test
    void aScheduledQueryIsExportedMailedWithItsAttachmentAndAnnouncedThenPauseAndDeleteStopIt() throws Exception {
        String tenant = tenantWithDatasource(READER);
        String to = "orders-" + UUID.randomUUID() + "@example.com";
        assertThat(saveQuery(tenant, "small-orders",
                "select id, customer, amount from orders where id <= ? order by id", "[7]").statusCode())
                .isEqualTo(201);

        HttpResponse<String> created = saveSchedule(tenant, "every-two-seconds", "small-orders", "0/2 * * * * ?",
                "Europe/Istanbul", "csv", "[\"" + to + "\"]", true);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(jsonOf(created).path("next_run_at").isTextual()).isTrue();

        await().atMost(Duration.ofSeconds(60)).until(() -> runs(tenant, "every-two-seconds").stream()
                .anyMatch(r -> "succeeded".equals(r.get("status"))));
        Map<String, Object> run = runs(tenant, "every-two-seconds").stream()
                .filter(r -> "succeeded".equals(r.get("status"))).findFirst().orElseThrow();
        assertThat(run.get("row_count")).isEqualTo(7L);
        assertThat(run.get("attempts")).isEqualTo(1);
        String file = (String) run.get("file_path");
        assertThat(file).isEqualTo("exports/every-two-seconds/" + run.get("run_id") + ".csv");
        Path export = Path.of(storageRoot, "tenants", tenant).resolve(file);
        assertThat(Files.readAllLines(export)).hasSize(8).first().asString().contains("customer");

        // pause: the cron trigger is gone on every replica; runs already fired finish, no new one starts
        HttpResponse<String> paused = saveSchedule(tenant, "every-two-seconds", "small-orders", "0/2 * * * * ?",
                "Europe/Istanbul", "csv", "[\"" + to + "\"]", false);
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(jsonOf(paused).path("next_run_at").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> runs(tenant, "every-two-seconds").stream()
                .allMatch(r -> List.of("succeeded", "failed").contains(r.get("status"))));
        int afterPause = runs(tenant, "every-two-seconds").size();
        Thread.sleep(5000);
        assertThat(runs(tenant, "every-two-seconds")).hasSize(afterPause);

        JsonNode history = jsonOf(call("GET", "/api/v1/tenants/" + tenant
                + "/report-schedules/every-two-seconds/runs?page=0&size=1", admin(tenant), null));
        assertThat(history.path("total").asInt()).isEqualTo(afterPause);
        assertThat(history.path("items")).hasSize(1);

        // the mail: the scheduled_report template and the CSV attached
        await().atMost(Duration.ofSeconds(60)).until(() -> !mailsTo(to).isEmpty());
        MimeMessage mail = mailsTo(to).get(0);
        assertThat(mail.getSubject()).isEqualTo("Your scheduled report Orders small-orders is ready");
        Map.Entry<String, String> attached = attachment(mail);
        assertThat(attached).isNotNull();
        assertThat(attached.getKey()).endsWith(".csv");
        assertThat(attached.getValue().lines().count()).isEqualTo(8);
        assertThat(attached.getValue()).contains("customer-7").doesNotContain("customer-8");

        // the seed's fields on the topics
        JsonNode completed = event("scheduler.job.completed", "every-two-seconds", tenant);
        assertThat(completed.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(completed.path("favorite_query_id").asText()).isEqualTo("small-orders");
        assertThat(completed.path("status").asText()).isEqualTo("succeeded");
        assertThat(completed.path("delivery_channel").asText()).isEqualTo("email");
        assertThat(completed.path("delivery_format").asText()).isEqualTo("csv");
        assertThat(Instant.parse(completed.path("run_at").asText())).isNotNull();
        assertThat(completed.path("request_id").asText()).isNotBlank();
        List<String> requestIds = runs(tenant, "every-two-seconds").stream()
                .map(r -> String.valueOf(r.get("request_id"))).toList();
        assertThat(requestIds).contains(completed.path("request_id").asText());
        JsonNode due = event("scheduler.job.due", "every-two-seconds", tenant);
        assertThat(due.path("favorite_query_id").asText()).isEqualTo("small-orders");
        assertThat(due.path("due_at").asText()).isNotBlank();

        // a saved query a schedule runs cannot be deleted
        assertThat(call("DELETE", "/api/v1/tenants/" + tenant + "/report-queries/small-orders", admin(tenant), null)
                .statusCode()).isEqualTo(409);

        // delete: the Quartz job, the run history and the exports go
        assertThat(call("DELETE", "/api/v1/tenants/" + tenant + "/report-schedules/every-two-seconds", admin(tenant),
                null).statusCode()).isEqualTo(204);
        assertThat(quartz.checkExists(ReportSchedules.jobKey(tenant, "every-two-seconds"))).isFalse();
        assertThat(runs(tenant, "every-two-seconds")).isEmpty();
        assertThat(Files.exists(export.getParent())).isFalse();
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/report-schedules/every-two-seconds", admin(tenant),
                null).statusCode()).isEqualTo(404);
    }

    @Test
    void failingRunsAreRetriedWithBackoffThenFailWithTheirReason() throws Exception {
        String tenant = tenantWithDatasource(READER);
        String refused = tenantWithDatasource("no_such_login");
        String to = "[\"failures@example.com\"]";
        // over kavsak.reports.max-rows (50 in the tests)
        assertThat(saveQuery(tenant, "all-orders", "select * from orders", "[]").statusCode()).isEqualTo(201);
        // longer than kavsak.reports.statement-timeout (1 s in the tests)
        assertThat(saveQuery(tenant, "slow", "select count(*) from orders a, orders b, orders c, orders d", "[]")
                .statusCode()).isEqualTo(201);
        assertThat(saveQuery(refused, "any", "select 1", "[]").statusCode()).isEqualTo(201);
        Map<String, String> jobs = Map.of(tenant + "/too-many", "all-orders", tenant + "/too-slow", "slow",
                refused + "/no-login", "any");
        Map<String, String> reasons = Map.of(tenant + "/too-many", "more than 50 rows",
                tenant + "/too-slow", "statement timeout", refused + "/no-login", "no_such_login");
        jobs.forEach((job, query) -> {
            String[] key = job.split("/");
            assertThat(saveSchedule(key[0], key[1], query, "0 0 3 1 1 ? 2099", "UTC", "excel", to, true)
                    .statusCode()).isEqualTo(201);
            HttpResponse<String> queued = call("POST", "/api/v1/tenants/" + key[0] + "/report-schedules/" + key[1]
                    + "/run", admin(key[0]), null);
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            assertThat(jsonOf(queued).path("status").asText()).isEqualTo("queued");
            assertThat(jsonOf(queued).path("trigger").asText()).isEqualTo("manual");
        });
        for (String job : jobs.keySet()) {
            String[] key = job.split("/");
            await().atMost(Duration.ofSeconds(60)).until(() -> runs(key[0], key[1]).stream()
                    .anyMatch(r -> "failed".equals(r.get("status"))));
            Map<String, Object> run = runs(key[0], key[1]).get(0);
            assertThat(run.get("attempts")).as(job).isEqualTo(3);
            assertThat((String) run.get("error")).as(job).contains(reasons.get(job));
            assertThat(run.get("file_path")).as(job).isNull();
            JsonNode failed = event("scheduler.job.failed", key[1], key[0]);
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error_message").asText()).contains(reasons.get(job));
            assertThat(failed.path("favorite_query_id").asText()).isEqualTo(jobs.get(job));
            assertThat(failed.path("request_id").asText()).isEqualTo(String.valueOf(run.get("request_id")));
            assertThat(failed.path("attempts").asInt()).isEqualTo(3);
            assertThat(Files.exists(Path.of(storageRoot, "tenants", key[0], "exports", key[1],
                    run.get("run_id") + ".xlsx"))).isFalse();
        }
        assertThat(jdbc.queryForObject("select count(*) from outbox_event where event_type = 'scheduler.job.completed' "
                + "and tenant_id in (?, ?)", Integer.class, tenant, refused)).isZero();
    }

    @Test
    void aScheduleWhoseFireTimesPassedWhileEveryHubWasDownRunsOnceWhenOneReturns() throws Exception {
        String tenant = tenantWithDatasource(READER);
        assertThat(saveQuery(tenant, "few", "select id from orders where id <= 3", "[]").statusCode()).isEqualTo(201);
        assertThat(saveSchedule(tenant, "daily", "few", "0 0 3 * * ?", "Europe/Istanbul", "csv",
                "[\"daily@example.com\"]", true).statusCode()).isEqualTo(201);
        // the state the job store is in after every hub was down across three daily fire times: the trigger's
        // next fire time lies three days back (the replicas running now play the hub that returns)
        long threeDaysAgo = Instant.now().minus(3, ChronoUnit.DAYS).toEpochMilli();
        assertThat(jdbc.update("update qrtz_triggers set next_fire_time = ? where trigger_group = ? and trigger_name = ?",
                threeDaysAgo, ReportSchedules.GROUP, tenant + "/daily")).isEqualTo(1);

        await().atMost(Duration.ofSeconds(60)).until(() -> runs(tenant, "daily").stream()
                .anyMatch(r -> "succeeded".equals(r.get("status"))));
        Thread.sleep(6000); // well past the misfire threshold of the tests (2 s): no second catch-up run
        List<Map<String, Object>> runs = runs(tenant, "daily");
        assertThat(runs).hasSize(1);
        assertThat(((java.sql.Timestamp) runs.get(0).get("run_at")).toInstant())
                .isAfter(Instant.now().minus(2, ChronoUnit.MINUTES));
        JsonNode schedule = jsonOf(call("GET", "/api/v1/tenants/" + tenant + "/report-schedules/daily", admin(tenant),
                null));
        assertThat(Instant.parse(schedule.path("next_run_at").asText())).isAfter(Instant.now());
    }

    @Test
    void aManualRunExportsNowAndRetentionDeletesTheExpiredFileAndSaysSoOnTheRun() throws Exception {
        String tenant = tenantWithDatasource(READER);
        assertThat(saveQuery(tenant, "two", "select id, customer from orders where id <= 2", "[]").statusCode())
                .isEqualTo(201);
        assertThat(saveSchedule(tenant, "paused", "two", "0 0 3 * * ?", "UTC", "excel", "[\"kept@example.com\"]",
                false).statusCode()).isEqualTo(201);
        String run = jsonOf(call("POST", "/api/v1/tenants/" + tenant + "/report-schedules/paused/run", admin(tenant),
                null)).path("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> "succeeded".equals(jsonOf(call("GET", "/api/v1/tenants/"
                + tenant + "/report-schedules/paused/runs/" + run, admin(tenant), null)).path("status").asText()));
        Path export = Path.of(storageRoot, "tenants", tenant, "exports", "paused", run + ".xlsx");
        assertThat(export).exists();

        // younger than the retention (30 d): kept
        retention.sweep();
        assertThat(export).exists();
        jdbc.update("update report_run set finished_at = now() - interval '31 days' where run_id = ?::uuid", run);
        assertThat(retention.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(export).doesNotExist();
        JsonNode swept = jsonOf(call("GET", "/api/v1/tenants/" + tenant + "/report-schedules/paused/runs/" + run,
                admin(tenant), null));
        assertThat(swept.path("file_deleted_at").isTextual()).isTrue();
        assertThat(swept.path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void badInputIsRefusedWithA400NamingTheField() throws Exception {
        String tenant = tenantWithDatasource(READER);
        HttpResponse<String> hostile = saveQuery(tenant, "hostile", "select 1; drop table orders", "[]");
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(jsonOf(hostile).path("detail").asText()).startsWith("The query was refused:");
        HttpResponse<String> noDatasource = call("PUT", "/api/v1/tenants/" + tenant + "/report-queries/q", admin(tenant),
                "{\"name\": \"x\", \"sql\": \"select 1\", \"datasource_id\": \"nope\", \"parameters\": []}");
        assertThat(noDatasource.statusCode()).isEqualTo(400);
        assertThat(jsonOf(noDatasource).path("field").asText()).isEqualTo("datasource_id");
        HttpResponse<String> objectParameter = saveQuery(tenant, "q", "select ?", "[{\"a\": 1}]");
        assertThat(objectParameter.statusCode()).isEqualTo(400);
        assertThat(jsonOf(objectParameter).path("field").asText()).isEqualTo("parameters");
        assertThat(saveQuery(tenant, "q", "select id from orders", "[]").statusCode()).isEqualTo(201);

        Map<String, HttpResponse<String>> refused = Map.of(
                "cron", saveSchedule(tenant, "s", "q", "every minute", "UTC", "csv", "[\"a@example.com\"]", true),
                "time_zone", saveSchedule(tenant, "s", "q", "0 * * * * ?", "Mars/Olympus", "csv",
                        "[\"a@example.com\"]", true),
                "recipients", saveSchedule(tenant, "s", "q", "0 * * * * ?", "UTC", "csv", "[]", true),
                "favorite_query_id", saveSchedule(tenant, "s", "nope", "0 * * * * ?", "UTC", "csv",
                        "[\"a@example.com\"]", true),
                "delivery_format", saveSchedule(tenant, "s", "q", "0 * * * * ?", "UTC", "xml",
                        "[\"a@example.com\"]", true));
        refused.forEach((field, response) -> {
            assertThat(response.statusCode()).as(field + ": " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(jsonOf(response).path("field").asText()).as(response.body()).startsWith(field);
        });
        HttpResponse<String> badAddress = saveSchedule(tenant, "s", "q", "0 * * * * ?", "UTC", "csv",
                "[\"not an address\"]", true);
        assertThat(badAddress.statusCode()).isEqualTo(400);
        HttpResponse<String> tooOften = saveSchedule(tenant, "s", "q", "* * * * * ?", "UTC", "csv",
                "[\"a@example.com\"]", true);
        assertThat(tooOften.statusCode()).as(tooOften.body()).isEqualTo(400);
        assertThat(jsonOf(tooOften).path("field").asText()).isEqualTo("cron");
        assertThat(jsonOf(tooOften).path("detail").asText()).contains("kavsak.reports.schedules.min-interval");
        assertThat(jsonOf(badAddress).path("field").asText()).startsWith("recipients");
        assertThat(jdbc.queryForObject("select count(*) from report_schedule where tenant_id = ?", Integer.class,
                tenant)).isZero();
        assertThat(quartz.checkExists(ReportSchedules.jobKey(tenant, "s"))).isFalse();

        // another tenant's admin sees nothing
        String other = "rs-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(other);
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/report-queries/q", admin(other), null).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/report-queries", TOKENS.user("u-1", tenant), null)
                .statusCode()).isEqualTo(403);
    }
}
