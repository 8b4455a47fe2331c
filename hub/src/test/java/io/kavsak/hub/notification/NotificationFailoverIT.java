package io.kavsak.hub.notification;

import static io.kavsak.hub.notification.NotificationPipelineIT.eventId;
import static io.kavsak.hub.notification.NotificationPipelineIT.kafka;
import static io.kavsak.hub.notification.NotificationPipelineIT.mailsTo;
import static io.kavsak.hub.notification.NotificationPipelineIT.outcome;
import static io.kavsak.hub.notification.NotificationPipelineIT.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The primary SMTP server (the shared embedded one) and the backup (a second GreenMail) stopped and started
 * under the pipeline: the backup takes over, an outage of both is retried with backoff and then reported,
 * and a server back within the retries gets the mail once.
 */
class NotificationFailoverIT extends HubIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void serversBackUp() {
        if (!services().mail().isRunning()) {
            services().mail().start();
        }
        if (!backupMail().isRunning()) {
            backupMail().start();
        }
    }

    private static String reminder(String to) {
        return request("tenant-failover", to, "appointment_reminder", "{\"appointment_at\": \"2025-12-08 10:00\"}", "");
    }

    @Test
    void withThePrimaryStoppedTheBackupSendsAndTheSentEventNamesIt() {
        services().mail().stop();
        String to = "failover-" + UUID.randomUUID() + "@example.com";
        String request = reminder(to);

        kafka().send("notification.email.requested", "tenant-failover", request);

        JsonNode sent = outcome("notification.email.sent", eventId(request));
        assertThat(sent.path("provider").asText()).isEqualTo("backup");
        assertThat(sent.path("attempts").asInt()).isEqualTo(1);
        assertThat(mailsTo(backupMail(), to)).hasSize(1);
        services().mail().start();
        assertThat(mailsTo(services().mail(), to)).isEmpty();
    }

    @Test
    void withBothStoppedTheMailIsRetriedWithBackoffThenFailedWithTheReason() {
        services().mail().stop();
        backupMail().stop();
        String to = "outage-" + UUID.randomUUID() + "@example.com";
        String request = reminder(to);
        long start = System.nanoTime();

        kafka().send("notification.email.requested", "tenant-failover", request);

        JsonNode failed = outcome("notification.email.failed", eventId(request));
        // kavsak.notification.retry.maximum-redeliveries is 3 in the tests: four passes over both providers
        assertThat(failed.path("attempts").asInt()).isEqualTo(4);
        assertThat(failed.path("reason").asText()).containsIgnoringCase("connect");
        assertThat(failed.path("provider").asText()).isEqualTo("backup");
        // backoff 200 ms, 400 ms, 800 ms (+-25 %): the retries took at least about 1 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1000));
        assertThat(jdbc.queryForObject("select status from notification where event_id = ?", String.class,
                eventId(request))).isEqualTo("FAILED");
        services().mail().start();
        backupMail().start();
        assertThat(mailsTo(services().mail(), to)).isEmpty();

        // the servers are back: an admin sends it again, once
        String id = jdbc.queryForObject("select id::text from notification where event_id = ?", String.class,
                eventId(request));
        String admin = TOKENS.admin("admin-1", "tenant-failover");
        assertThat(call("POST", "/api/v1/tenants/tenant-failover/notifications/" + id + "/retry", admin, null)
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(services().mail(), to).size() == 1);
        assertThat(call("POST", "/api/v1/tenants/tenant-failover/notifications/" + id + "/retry", admin, null)
                .statusCode()).isEqualTo(409);
        assertThat(mailsTo(services().mail(), to)).hasSize(1);
    }

    @Test
    void aServerBackWithinTheRetriesGetsTheMailOnce() throws Exception {
        services().mail().stop();
        backupMail().stop();
        String to = "back-" + UUID.randomUUID() + "@example.com";
        String request = reminder(to);

        kafka().send("notification.email.requested", "tenant-failover", request);
        // the first pass over both providers failed: the notification is being retried
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.queryForList(
                "select attempts from notification where event_id = ? and status = 'SENDING'", Integer.class,
                eventId(request)).stream().anyMatch(attempts -> attempts >= 2));
        services().mail().start();

        JsonNode sent = outcome("notification.email.sent", eventId(request));
        assertThat(sent.path("provider").asText()).isEqualTo("primary");
        assertThat(sent.path("attempts").asInt()).isGreaterThan(1);
        assertThat(mailsTo(services().mail(), to)).hasSize(1);
        backupMail().start();
        assertThat(mailsTo(backupMail(), to)).isEmpty();
    }
}
