package io.kavsak.hub.notification;

import static io.kavsak.hub.notification.NotificationPipelineIT.eventId;
import static io.kavsak.hub.notification.NotificationPipelineIT.kafka;
import static io.kavsak.hub.notification.NotificationPipelineIT.mailsTo;
import static io.kavsak.hub.notification.NotificationPipelineIT.outcome;
import static io.kavsak.hub.notification.NotificationPipelineIT.parts;
import static io.kavsak.hub.notification.NotificationPipelineIT.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A tenant admin overrides templates and sets the tenant's locale over REST, and reads the notification log. */
class NotificationAdminApiIT extends HubIntegrationTest {

    private static final String TEMPLATES = "/api/v1/tenants/%s/notification-templates/%s/%s";

    @Test
    void aTemplateThatDoesNotCompileIsRefusedNamingThePartAndTheLine() {
        String tenant = "tenant-tpl-bad-" + UUID.randomUUID();
        registerTenant(tenant);
        HttpResponse<String> response = call("PUT", TEMPLATES.formatted(tenant, "monthly_export_report", "en"),
                TOKENS.admin("admin-1", tenant), """
                {"subject": "Report ${month}", "html": "<p>one</p>\\n<p>two</p>\\n<p>${month</p>", "text": "t"}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(jsonOf(response).path("detail").asText()).contains("'html'").contains("line 3");
    }

    @Test
    void aTenantsOwnTemplateIsUsedForItsMailsUntilItIsDeleted() throws Exception {
        String tenant = "tenant-tpl-own-" + UUID.randomUUID();
        registerTenant(tenant);
        String admin = TOKENS.admin("admin-1", tenant);
        HttpResponse<String> saved = call("PUT", TEMPLATES.formatted(tenant, "monthly_export_report", "en"), admin, """
                {"subject": "ACME report ${month}", "html": "<p>ACME: ${country_count} countries</p>",
                 "text": "ACME: ${country_count} countries"}""");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(jsonOf(saved).path("source").asText()).isEqualTo("tenant");
        assertThat(call("PUT", TEMPLATES.formatted(tenant, "monthly_export_report", "en"), TOKENS.user("u-1", tenant),
                "{\"subject\": \"s\", \"html\": \"h\", \"text\": \"t\"}").statusCode()).isEqualTo(403);

        String to = "own-" + UUID.randomUUID() + "@example.com";
        String request = request(tenant, to, "monthly_export_report", "{\"month\": \"2025-11\", \"country_count\": 7}", "");
        kafka().send("notification.email.requested", tenant, request);
        outcome("notification.email.sent", eventId(request));
        MimeMessage mail = mailsTo(services().mail(), to).get(0);
        assertThat(mail.getSubject()).isEqualTo("ACME report 2025-11");
        assertThat(parts(mail)).anyMatch(p -> p.startsWith("text/plain:") && p.contains("ACME: 7 countries"));

        assertThat(call("DELETE", TEMPLATES.formatted(tenant, "monthly_export_report", "en"), admin, null)
                .statusCode()).isEqualTo(204);
        JsonNode builtIn = jsonOf(call("GET", TEMPLATES.formatted(tenant, "monthly_export_report", "en"), admin, null));
        assertThat(builtIn.path("source").asText()).isEqualTo("built-in");
        JsonNode list = jsonOf(call("GET", "/api/v1/tenants/" + tenant + "/notification-templates", admin, null));
        assertThat(list.path("items").toString()).contains("welcome").contains("recall_sla_breached")
                .contains("appointment_reminder").contains("\"tr\"");
    }

    @Test
    void theTenantsLocaleChoosesTheLanguageOfItsMails() throws Exception {
        String tenant = "tenant-locale-" + UUID.randomUUID();
        registerTenant(tenant);
        HttpResponse<String> set = call("PUT", "/api/v1/tenants/" + tenant + "/notification-settings",
                TOKENS.admin("admin-1", tenant), "{\"locale\": \"tr\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(call("PUT", "/api/v1/tenants/" + tenant + "/notification-settings",
                TOKENS.admin("admin-1", tenant), "{\"locale\": \"not a locale\"}").statusCode()).isEqualTo(400);

        String to = "locale-" + UUID.randomUUID() + "@example.com";
        String request = request(tenant, to, "appointment_reminder", "{\"appointment_at\": \"8 Aralık 10:00\"}", "");
        kafka().send("notification.email.requested", tenant, request);
        outcome("notification.email.sent", eventId(request));
        assertThat(mailsTo(services().mail(), to).get(0).getSubject())
                .isEqualTo("Hatırlatma: 8 Aralık 10:00 tarihli randevunuz");
    }

    @Test
    void theNotificationLogListsTheTenantsNotificationsFilteredAndPaged() {
        String tenant = "tenant-log-" + UUID.randomUUID();
        registerTenant(tenant);
        String sent = request(tenant, "log-" + UUID.randomUUID() + "@example.com", "appointment_reminder",
                "{\"appointment_at\": \"tomorrow\"}", "");
        String failed = request(tenant, "log-" + UUID.randomUUID() + "@example.com", "appointment_reminder", "{}", "");
        kafka().send("notification.email.requested", tenant, sent);
        kafka().send("notification.email.requested", tenant, failed);
        outcome("notification.email.sent", eventId(sent));
        outcome("notification.email.failed", eventId(failed));
        String admin = TOKENS.admin("admin-1", tenant);

        JsonNode all = jsonOf(call("GET", "/api/v1/tenants/" + tenant + "/notifications?size=1", admin, null));
        assertThat(all.path("total").asLong()).isEqualTo(2);
        assertThat(all.path("items")).hasSize(1);
        JsonNode onlyFailed = jsonOf(call("GET", "/api/v1/tenants/" + tenant + "/notifications?status=FAILED",
                admin, null));
        assertThat(onlyFailed.path("total").asLong()).isEqualTo(1);
        JsonNode entry = onlyFailed.path("items").get(0);
        assertThat(entry.path("event_id").asText()).isEqualTo(eventId(failed));
        assertThat(entry.path("reason").asText()).contains("appointment_at");
        assertThat(entry.path("attempts").asInt()).isEqualTo(1);
        assertThat(entry.toString()).doesNotContain("@example.com");
        JsonNode one = jsonOf(call("GET", "/api/v1/tenants/" + tenant + "/notifications/" + entry.path("id").asText(),
                admin, null));
        assertThat(one.path("status").asText()).isEqualTo("FAILED");
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/notifications?status=LOST", admin, null).statusCode())
                .isEqualTo(400);
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/notifications", TOKENS.admin("admin-1", "other"), null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aTenantOverItsRateLimitHasItsMailsQueuedNotDropped() {
        String tenant = "tenant-rate-" + UUID.randomUUID();
        registerTenant(tenant);
        String admin = TOKENS.admin("admin-1", tenant);
        assertThat(call("PUT", "/api/v1/tenants/" + tenant + "/notification-settings", admin,
                "{\"locale\": \"en\", \"mails_per_minute\": 3}").statusCode()).isEqualTo(200);
        java.util.List<String> eventIds = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String request = request(tenant, "rate-" + i + "-" + UUID.randomUUID() + "@example.com",
                    "appointment_reminder", "{\"appointment_at\": \"slot " + i + "\"}", "");
            eventIds.add(eventId(request));
            kafka().send("notification.email.requested", tenant, request);
        }
        String counts = "select count(*) filter (where status = 'SENT') || '/' || count(*) from notification where tenant_id = ?";
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                jdbc().queryForObject(counts, String.class, tenant).equals("3/6"));
        // a few more claims go by: the limit holds, the other three wait
        long until = System.nanoTime() + java.time.Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < until) {
            assertThat(jdbc().queryForObject(counts, String.class, tenant)).isEqualTo("3/6");
        }
        assertThat(jdbc().queryForObject("select count(*) from notification where tenant_id = ? and status = 'PENDING'",
                Integer.class, tenant)).isEqualTo(3);

        assertThat(call("PUT", "/api/v1/tenants/" + tenant + "/notification-settings", admin,
                "{\"locale\": \"en\", \"mails_per_minute\": 0}").statusCode()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                jdbc().queryForObject(counts, String.class, tenant).equals("6/6"));
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;

    private org.springframework.jdbc.core.JdbcTemplate jdbc() {
        return jdbcTemplate;
    }
}
