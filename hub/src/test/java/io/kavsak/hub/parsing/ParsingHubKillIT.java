package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.ChildHub;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.OpenAiStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 4, outcome 7: kills a real hub (a child JVM on the same PostgreSQL, Kafka, Redis and SMTP, in
 * the same parser consumer group) with SIGKILL while it is parsing submitted CVs, and shows this test's
 * hub, standing in for the restarted one, ending every submitted job success or failed, none lost.
 */
class ParsingHubKillIT extends HubIntegrationTest {

    private static final String TENANT = "acme";
    private static final int JOBS = 6;
    private static final String LLM_PROFILE = """
            {"profile": {"basics": {"profession": "Backend Developer", "total_experience_in_years": 5,
              "summary": null, "has_driving_license": null, "skills": ["Java", "Spring"]},
              "professional_experiences": [], "education": []}}""";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void killingTheHubWithJobsInFlightEndsEveryJobSuccessOrFailedAfterRestart() throws Exception {
        registerTenant(TENANT);
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        String marker = marker();
        // the dead hub's LLM calls hang (longer than kavsak.parser.llm.timeout), so its jobs are in flight
        OpenAiStub.shared().answers(marker, LLM_PROFILE, 5000);

        ChildHub child = null;
        Path childLog = Path.of("target", "parsing-kill-child.log").toAbsolutePath();
        List<String> ids = new ArrayList<>();
        camel.getRouteController().stopRoute("parser-worker");
        try {
            // the parser workers join this hub's group (kavsak.parser.worker.group), as a restarted replica
            // would; a short session, so the broker hands the dead child's partitions back soon after the kill
            child = ChildHub.start(childLog, Map.of(
                    "kavsak.events.redelivery.initial-delay-ms", "50",
                    "kavsak.events.redelivery.maximum-redeliveries", "2",
                    "kavsak.parser.llm.base-url", OpenAiStub.shared().baseUrl(),
                    "kavsak.parser.llm.timeout", "3s",
                    "kavsak.parser.llm.initial-backoff", "100ms",
                    "camel.component.kafka.session-timeout-ms", "6000",
                    "camel.component.kafka.heartbeat-interval-ms", "1000"));
            for (int i = 0; i < JOBS; i++) {
                String text = "Jane Roe\nBackend developer, Java and Spring, 5 years\nJob " + i + " " + marker
                        + "\nIstanbul\n";
                String body = json.createObjectNode().put("user_id", user).put("session_id", "s").put("text", text)
                        .put("parse_mode", "advanced").toString();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + child.port() + "/api/v1/parser/parse-text-async"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                ids.add(json.readTree(response.body()).path("job_id").asText());
            }
            // the child has claimed a job and is waiting on the LLM for it
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !OpenAiStub.shared().received(marker).isEmpty());
            assertThat(countIn("select count(*) from parsed_cv where status = 'processing' and id::text in (%s)", ids))
                    .as("nothing finished before the kill").isEqualTo(JOBS);
            assertThat(countIn("select count(*) from parsed_cv where attempts >= 1 and id::text in (%s)", ids))
                    .as("claimed by the child").isGreaterThanOrEqualTo(1);

            child.kill();
            assertThat(countIn("select count(*) from parsed_cv where status = 'processing' and id::text in (%s)", ids))
                    .as("the dead hub finished nothing").isEqualTo(JOBS);
        } finally {
            if (child != null) {
                child.close();
            }
            // the restarted hub: its LLM answers at once
            OpenAiStub.shared().answers(marker, LLM_PROFILE, 0);
            camel.getRouteController().startRoute("parser-worker");
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String id : ids) {
                HttpResponse<String> response = call("GET", "/api/v1/parser/job/" + id, token, null);
                assertThat(response.statusCode()).as(id + " is not lost: " + response.body()).isEqualTo(200);
                assertThat(json.readTree(response.body()).path("status").asText()).as(response.body())
                        .isIn("success", "failed");
            }
        });
        assertThat(countIn("select count(*) from parsed_cv where status in ('success', 'failed') and id::text in (%s)",
                ids)).isEqualTo(JOBS);
        assertThat(countIn("select count(*) from parsed_cv where attempts >= 2 and id::text in (%s)", ids))
                .as("the job in flight at the kill was run again by the restarted hub").isGreaterThanOrEqualTo(1);
        for (String id : ids) {
            JsonNode job = json.readTree(call("GET", "/api/v1/parser/job/" + id, token, null).body());
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("success");
        }
    }


    private static String marker() {
        StringBuilder letters = new StringBuilder("mk");
        for (int i = 0; i < 14; i++) {
            letters.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return letters.toString();
    }

    private int countIn(String sql, List<String> ids) {
        String placeholders = String.join(", ", ids.stream().map(id -> "?").toList());
        Integer n = jdbc.queryForObject(sql.formatted(placeholders), Integer.class, ids.toArray());
        return n == null ? 0 : n;
    }
}
