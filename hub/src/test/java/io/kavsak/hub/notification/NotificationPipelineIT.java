package io.kavsak.hub.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.events.EventReader;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * notification.email.requested produced by a plain Kafka client, as the scheduler would, ends as a mail in
 * the SMTP server and a notification.email.sent event, or as notification.email.failed with its reason.
 */
class NotificationPipelineIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;
    @Value("${kavsak.storage.root}")
    String storageRoot;

    static KafkaProbe kafka() {
        return new KafkaProbe(services().kafka().getBrokersAsString());
    }

    static String seedExample() {
        try (InputStream in = NotificationPipelineIT.class.getResourceAsStream(
                "/seed-002/notification.email.requested.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seed's example with another recipient and tenant, without its attachment unless given. */
    static String request(String tenant, String to, String template, String params, String extra) {
        return """
                {"event_type": "notification.email.requested", "tenant_id": "%s", "to": "%s",
                 "body_template": "%s", "body_params": %s, %s
                 "requested_by": "scheduler", "requested_at": "2025-12-07T07:00:01Z"}
                """.formatted(tenant, to, template, params, extra);
    }

    static String eventId(String request) {
        return new EventReader().read(request, "notification.email.requested").eventId();
    }

    static List<MimeMessage> mailsTo(com.icegreen.greenmail.util.GreenMail server, String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    static JsonNode outcome(String topic, String eventId) {
        List<ConsumerRecord<String, String>> seen = kafka().readUntil(topic,
                r -> r.value().contains(eventId), Duration.ofSeconds(60));
        try {
            return JSON.readTree(seen.get(seen.size() - 1).value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> notificationRow(String eventId) {
        return jdbc.queryForMap("select * from notification where event_id = ?", eventId);
    }

    String awaitStatus(String eventId, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(
                "select status from notification where event_id = ?", String.class, eventId).contains(status));
        return status;
    }

    /** Every text part of a mail, by content type (text/plain, text/html), and the attachment names. */
    static List<String> parts(Part part) throws Exception {
        List<String> found = new ArrayList<>();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                found.addAll(parts(multipart.getBodyPart(i)));
            }
        } else if (part.getFileName() != null) {
            found.add("attachment:" + part.getFileName());
        } else {
            found.add(part.getContentType().split(";")[0].toLowerCase() + ":" + part.getContent());
        }
        return found;
    }

    @Test
    void theSeedsReportRequestRendersTheTemplateAndIsSentWithAMessageIdFromTheEventId() throws Exception {
        String to = "report-" + UUID.randomUUID() + "@example.com";
        String request = request("tenant-uuid", to, "monthly_export_report",
                "{\"month\": \"2025-11\", \"country_count\": 12}", "\"subject\": \"Aylık ihracat raporunuz hazır\",");
        String eventId = eventId(request);

        kafka().send("notification.email.requested", "tenant-uuid", request);

        JsonNode sent = outcome("notification.email.sent", eventId);
        List<MimeMessage> mails = mailsTo(services().mail(), to);
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getSubject()).isEqualTo("Aylık ihracat raporunuz hazır");
        assertThat(mail.getMessageID()).isEqualTo(sent.path("smtp_message_id").asText());
        assertThat(mail.getMessageID()).contains(UUID.nameUUIDFromBytes(("kavsak-notification:" + eventId)
                .getBytes(StandardCharsets.UTF_8)).toString());
        List<String> parts = parts(mail);
        assertThat(parts).anyMatch(p -> p.startsWith("text/plain:") && p.contains("2025-11") && p.contains("12 countries"));
        assertThat(parts).anyMatch(p -> p.startsWith("text/html:") && p.contains("<strong>2025-11</strong>"));

        assertThat(sent.path("tenant_id").asText()).isEqualTo("tenant-uuid");
        assertThat(sent.path("template").asText()).isEqualTo("monthly_export_report");
        assertThat(sent.path("provider").asText()).isEqualTo("primary");
        assertThat(sent.path("attempts").asInt()).isEqualTo(1);
        assertThat(sent.path("notification_id").asText()).isEqualTo(notificationRow(eventId).get("id").toString());
        assertThat(sent.toString()).doesNotContain(to);
        assertThat(notificationRow(eventId)).containsEntry("status", "SENT").containsEntry("provider", "primary");
        String metrics = management("/actuator/prometheus", null).body();
        assertThat(metrics).contains("kavsak_notifications_sent_total{provider=\"primary\",template=\"monthly_export_report\"}")
                .contains("kavsak_notifications_delivery_latency_seconds_count");
    }

    @Test
    void theSeedsVerbatimExampleFailsWithTheReasonItsAttachmentCannotBeFetched() {
        String verbatim = seedExample();
        String eventId = eventId(verbatim);

        kafka().send("notification.email.requested", "tenant-uuid", verbatim);

        JsonNode failed = outcome("notification.email.failed", eventId);
        // the seed elides the bucket ("..."), which no object storage has
        assertThat(failed.path("reason").asText()).contains("s3://.../tenant-uuid/job-uuid/result.xlsx")
                .contains("cannot be fetched: '...' is not a valid bucket name");
        assertThat(failed.path("attempts").asInt()).isEqualTo(1);
        assertThat(failed.toString()).doesNotContain("user@example.com");
        assertThat(notificationRow(eventId)).containsEntry("status", "FAILED");
        assertThat(management("/actuator/prometheus", null).body()).contains(
                "kavsak_notifications_failed_total{kind=\"permanent\",template=\"monthly_export_report\"}");
    }

    @Test
    void theSameRequestProducedFiveTimesSendsOneMail() {
        String to = "once-" + UUID.randomUUID() + "@example.com";
        String request = request("tenant-once", to, "appointment_reminder",
                "{\"appointment_at\": \"2025-12-08 10:00\"}", "");
        String eventId = eventId(request);

        for (int i = 0; i < 5; i++) {
            kafka().send("notification.email.requested", "tenant-once", request);
        }

        outcome("notification.email.sent", eventId);
        // the five copies were all read: the inbox holds the event once, and nothing else is pending
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from notification where status in ('PENDING', 'SENDING')", Integer.class) == 0);
        assertThat(mailsTo(services().mail(), to)).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from notification where event_id = ?", Integer.class,
                eventId)).isEqualTo(1);
    }

    @Test
    void aMissingParameterFailsTheNotificationNamingItAndSendsNothing() {
        String to = "missing-" + UUID.randomUUID() + "@example.com";
        String request = request("tenant-missing", to, "monthly_export_report", "{\"month\": \"2025-11\"}", "");
        String eventId = eventId(request);

        kafka().send("notification.email.requested", "tenant-missing", request);

        JsonNode failed = outcome("notification.email.failed", eventId);
        assertThat(failed.path("reason").asText()).contains("monthly_export_report").contains("country_count");
        assertThat(mailsTo(services().mail(), to)).isEmpty();
        assertThat(mailsTo(backupMail(), to)).isEmpty();
    }

    @Test
    void anUnknownTemplateFailsTheNotification() {
        String to = "unknown-" + UUID.randomUUID() + "@example.com";
        String request = request("tenant-unknown", to, "no_such_template", "{}", "");
        String eventId = eventId(request);

        kafka().send("notification.email.requested", "tenant-unknown", request);

        assertThat(outcome("notification.email.failed", eventId).path("reason").asText())
                .contains("template 'no_such_template' does not exist");
        assertThat(mailsTo(services().mail(), to)).isEmpty();
    }

    @Test
    void aTurkishRequestGetsTheTurkishTemplateAndEscapedValues() throws Exception {
        String to = "tr-" + UUID.randomUUID() + "@example.com";
        String request = request("tenant-tr", to, "monthly_export_report",
                "{\"month\": \"<b>Kasım</b>\", \"country_count\": 1200}", "\"locale\": \"tr\",");
        String eventId = eventId(request);

        kafka().send("notification.email.requested", "tenant-tr", request);

        outcome("notification.email.sent", eventId);
        MimeMessage mail = mailsTo(services().mail(), to).get(0);
        assertThat(mail.getSubject()).isEqualTo("<b>Kasım</b> aylık ihracat raporunuz hazır");
        List<String> parts = parts(mail);
        assertThat(parts).anyMatch(p -> p.startsWith("text/html:") && p.contains("&lt;b&gt;Kasım&lt;/b&gt;")
                && p.contains("1.200 ülkeyi"));
    }

    @Test
    void anAttachmentFromTheTenantsStorageTravelsWithTheMailAndOneOutsideItFails() throws Exception {
        String tenant = "tenant-files-" + UUID.randomUUID();
        Path export = Path.of(storageRoot, "tenants", tenant, "job-1", "result.xlsx");
        Files.createDirectories(export.getParent());
        Files.write(export, new byte[] {1, 2, 3, 4});
        String to = "files-" + UUID.randomUUID() + "@example.com";
        String request = request(tenant, to, "monthly_export_report", "{\"month\": \"2025-11\", \"country_count\": 3}",
                "\"attachments\": [{\"type\": \"excel\", \"storage_url\": \"job-1/result.xlsx\"}],");
        String escaping = request(tenant, to, "monthly_export_report", "{\"month\": \"2025-12\", \"country_count\": 3}",
                "\"attachments\": [{\"type\": \"excel\", \"storage_url\": \"../other-tenant/job-1/result.xlsx\"}],");

        kafka().send("notification.email.requested", tenant, request);
        kafka().send("notification.email.requested", tenant, escaping);

        outcome("notification.email.sent", eventId(request));
        assertThat(outcome("notification.email.failed", eventId(escaping)).path("reason").asText())
                .contains("outside the tenant's storage");
        List<MimeMessage> mails = mailsTo(services().mail(), to);
        assertThat(mails).hasSize(1);
        assertThat(parts(mails.get(0))).contains("attachment:result.xlsx");
    }

    @Test
    void aNotificationClaimedByAReplicaThatDiedIsTakenOverWhenItsLeaseLapsesAndSentOnce() throws Exception {
        String to = "orphan-" + UUID.randomUUID() + "@example.com";
        String request = request("tenant-orphan", to, "appointment_reminder", "{\"appointment_at\": \"noon\"}", "");
        String eventId = eventId(request);
        // as a replica leaves it when it dies after claiming: SENDING, with a lease that lapses in 2 s
        jdbc.update("""
                insert into notification (id, event_id, tenant_id, recipient, template, locale, request, status,
                                          claimed_until)
                values (?, ?, 'tenant-orphan', ?, 'appointment_reminder', 'en', ?, 'SENDING',
                        now() + interval '2 seconds')""", UUID.randomUUID(), eventId, to, request);

        JsonNode sent = outcome("notification.email.sent", eventId);
        assertThat(mailsTo(services().mail(), to)).hasSize(1);
        Map<String, Object> row = notificationRow(eventId);
        assertThat(((java.sql.Timestamp) row.get("finished_at")).toInstant())
                .isAfter(((java.sql.Timestamp) row.get("accepted_at")).toInstant().plusSeconds(1));
        assertThat(mailsTo(services().mail(), to).get(0).getMessageID())
                .isEqualTo(sent.path("smtp_message_id").asText())
                .contains(UUID.nameUUIDFromBytes(("kavsak-notification:" + eventId).getBytes(StandardCharsets.UTF_8))
                        .toString());
    }
}
