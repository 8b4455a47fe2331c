package io.kavsak.hub.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kavsak.hub.support.HubIntegrationTest;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Notification benchmark (issue 13, item 8), not a test: produces 10,000 notification.email.requested events
 * at once with a plain Kafka producer, waits until every one is SENT to the embedded SMTP server, and prints
 * mails per second and request->sent p50/p99; then the same SMTP server's raw rate from one plain Jakarta Mail
 * client on one connection, and the ratio. Runs only with {@code -Dkavsak.bench=true} (docs/notification.md).
 */
@EnabledIfSystemProperty(named = "kavsak.bench", matches = "true")
class NotificationBenchmarkIT extends HubIntegrationTest {

    private static final int MAILS = Integer.getInteger("kavsak.bench.mails", 10_000);
    private static final int RAW_MAILS = Integer.getInteger("kavsak.bench.raw-mails", 2_000);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void notificationBenchmark() throws Exception {
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services().kafka().getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < MAILS; i++) {
                String request = """
                        {"event_type": "notification.email.requested", "tenant_id": "%s", "to": "user-%d@bench.test",
                         "subject": "Aylık ihracat raporunuz hazır", "body_template": "monthly_export_report",
                         "body_params": {"month": "2025-11", "country_count": %d},
                         "requested_by": "scheduler", "requested_at": "%s"}""".formatted(tenant, i, i, Instant.now());
                producer.send(new ProducerRecord<>("notification.email.requested", tenant, request));
            }
            producer.flush();
        }
        double produced = (System.nanoTime() - start) / 1e9;
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).until(() -> jdbc.queryForObject(
                "select count(*) from notification where tenant_id = ? and status in ('SENT', 'FAILED')",
                Integer.class, tenant) == MAILS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> figures = jdbc.queryForMap("""
                select count(*) filter (where status = 'SENT') as sent,
                       percentile_cont(0.5) within group (order by extract(epoch from finished_at - requested_at)) as p50,
                       percentile_cont(0.99) within group (order by extract(epoch from finished_at - requested_at)) as p99
                from notification where tenant_id = ?""", tenant);
        assertThat(((Number) figures.get("sent")).intValue()).isEqualTo(MAILS);
        double pipelineRate = MAILS / seconds;
        print("%,d requests produced in %.1f s; all %,d sent in %.1f s: %.0f mails/s; request->sent p50 %.2f s, p99 %.2f s",
                MAILS, produced, MAILS, seconds, pipelineRate, ((Number) figures.get("p50")).doubleValue(),
                ((Number) figures.get("p99")).doubleValue());

        double rawRate = rawSmtpRate();
        print("raw SMTP, one plain client on one connection to the same server: %,d mails in %.0f mails/s; "
                + "pipeline/raw = %.2f", RAW_MAILS, rawRate, pipelineRate / rawRate);
    }

    private double rawSmtpRate() throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(services().mail().getSmtp().getPort()));
        Session session = Session.getInstance(properties);
        long start = System.nanoTime();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < RAW_MAILS; i++) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress("notifications@kavsak.local"));
                message.setRecipients(Message.RecipientType.TO, List.of(new InternetAddress("raw-" + i + "@bench.test"))
                        .toArray(new InternetAddress[0]));
                message.setSubject("Aylık ihracat raporunuz hazır");
                message.setText("Your monthly export report for 2025-11 is ready. It covers " + i + " countries.");
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
        return RAW_MAILS / ((System.nanoTime() - start) / 1e9);
    }

    private static void print(String format, Object... args) {
        System.out.println("[notification-bench] " + String.format(format, args));
    }
}
