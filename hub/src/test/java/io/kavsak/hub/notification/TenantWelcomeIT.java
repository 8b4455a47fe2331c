package io.kavsak.hub.notification;

import static io.kavsak.hub.notification.NotificationPipelineIT.kafka;
import static io.kavsak.hub.notification.NotificationPipelineIT.mailsTo;
import static io.kavsak.hub.notification.NotificationPipelineIT.outcome;
import static io.kavsak.hub.notification.NotificationPipelineIT.parts;
import static org.assertj.core.api.Assertions.assertThat;

import io.kavsak.hub.events.EventReader;
import io.kavsak.hub.support.HubIntegrationTest;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** tenant.onboarding.completed (seed 002 §2.1) marks the tenant onboarded and sends the welcome mail, once. */
class TenantWelcomeIT extends HubIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    static String seedExample() throws Exception {
        try (InputStream in = TenantWelcomeIT.class.getResourceAsStream("/seed-002/tenant.onboarding.completed.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSeedsOnboardingEventMarksTheTenantOnboardedAndMailsTheWelcomeOnce() throws Exception {
        String tenant = "tenant-welcome-" + UUID.randomUUID().toString().substring(0, 8);
        String contact = "privacy@" + tenant + ".test";
        assertThat(call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(),
                "{\"display_name\": \"Acme Export\", \"privacy_contact\": \"" + contact + "\"}").statusCode())
                .isIn(200, 201);
        String event = seedExample().replace("tenant-uuid", tenant);
        String eventId = new EventReader().read(event, "tenant.onboarding.completed").eventId();

        kafka().send("tenant.onboarding.completed", tenant, event);
        kafka().send("tenant.onboarding.completed", tenant, event);

        outcome("notification.email.sent", "welcome:" + eventId);
        List<MimeMessage> mails = mailsTo(services().mail(), contact);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("Welcome to Kavsak, Acme Export");
        assertThat(parts(mails.get(0))).anyMatch(p -> p.startsWith("text/plain:")
                && p.contains("completed on 2025-12-04T09:30:00Z with 1 data source(s)"));
        assertThat(jdbc.queryForObject("select onboarding_completed_at from tenant where tenant_id = ?",
                Timestamp.class, tenant).toInstant()).isEqualTo(Instant.parse("2025-12-04T09:30:00Z"));
        assertThat(jdbc.queryForObject("select count(*) from notification where tenant_id = ?", Integer.class, tenant))
                .isEqualTo(1);
    }

    @Test
    void anOnboardingOfATenantWithoutAnAddressFailsItsWelcomeVisibly() throws Exception {
        String tenant = "tenant-noaddr-" + UUID.randomUUID().toString().substring(0, 8);
        String event = seedExample().replace("tenant-uuid", tenant);
        String eventId = new EventReader().read(event, "tenant.onboarding.completed").eventId();

        kafka().send("tenant.onboarding.completed", tenant, event);

        assertThat(outcome("notification.email.failed", "welcome:" + eventId).path("reason").asText())
                .contains("no recipient address");
    }
}
