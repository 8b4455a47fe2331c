package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the recall tests share: a fresh tenant each, and the calls a user, admin and operator make. */
abstract class RecallTestSupport extends HubIntegrationTest {

    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected StringRedisTemplate redis;

    protected KafkaProbe kafka() {
        return new KafkaProbe(services().kafka().getBrokersAsString());
    }

    /** Registers a new tenant through the operator API; its privacy contact is privacy@{tenant}.test. */
    protected String newTenant() {
        String tenant = "rc-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(),
                "{\"display_name\": \"Recall test\", \"privacy_contact\": \"privacy@" + tenant + ".test\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        return tenant;
    }

    protected void putFeatures(String tenant, String user, String featuresJson) {
        HttpResponse<String> response = call("PUT", "/api/v1/features/" + user, TOKENS.token("svc", tenant,
                List.of("service"), Duration.ofMinutes(10)), "{\"features\": " + featuresJson + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    protected void recordTrainingEvents(String tenant, String user, int count) {
        String service = TOKENS.token("svc", tenant, List.of("service"), Duration.ofMinutes(10));
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = call("POST", "/api/v1/training-events", service,
                    "{\"user_id\": \"" + user + "\", \"kind\": \"click\", \"payload\": {\"n\": " + i + "}}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
    }

    protected JsonNode requestRecall(String tenant, String user, String mode) {
        HttpResponse<String> response = call("POST", "/api/v1/consent/recall", TOKENS.user(user, tenant),
                "{\"mode\": \"" + mode + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response);
    }

    protected JsonNode recall(String tenant, String recallId) {
        HttpResponse<String> response = call("GET", "/api/v1/tenants/" + tenant + "/recalls/" + recallId,
                TOKENS.admin("admin-1", tenant), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response);
    }

    protected JsonNode awaitState(String tenant, String recallId, String state, Duration within) {
        JsonNode[] last = {null};
        await().atMost(within).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            last[0] = recall(tenant, recallId);
            assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo(state);
        });
        return last[0];
    }

    protected int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    protected List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(services().mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    /** The plain-text part of a mail (the notification pipeline sends HTML with a plain-text alternative). */
    protected static String textOf(MimeMessage mail) throws Exception {
        return textOf((jakarta.mail.Part) mail);
    }

    private static String textOf(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = textOf(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
