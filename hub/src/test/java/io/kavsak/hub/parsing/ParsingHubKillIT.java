package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.OpenAiStub;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        String marker = marker();
        // the dead hub's LLM calls hang (longer than kavsak.parser.llm.timeout), so its jobs are in flight
        OpenAiStub.shared().answers(marker, LLM_PROFILE, 5000);

        Process child = null;
        Path childLog = Path.of("target", "parsing-kill-child.log").toAbsolutePath();
        List<String> ids = new ArrayList<>();
        camel.getRouteController().stopRoute("parser-worker");
        try {
            child = startChildHub(childLog);
            for (int i = 0; i < JOBS; i++) {
                String text = "Jane Roe\nBackend developer, Java and Spring, 5 years\nJob " + i + " " + marker
                        + "\nIstanbul\n";
                String body = json.createObjectNode().put("user_id", user).put("session_id", "s").put("text", text)
                        .put("parse_mode", "advanced").toString();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + childPort + "/api/v1/parser/parse-text-async"))
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

            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(countIn("select count(*) from parsed_cv where status = 'processing' and id::text in (%s)", ids))
                    .as("the dead hub finished nothing").isEqualTo(JOBS);
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
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

    private int childPort;

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

    private Process startChildHub(Path log) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            childPort = socket.getLocalPort();
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path")));
        Map<String, String> properties = new java.util.LinkedHashMap<>(services().properties());
        properties.put("server.port", String.valueOf(childPort));
        properties.put("kavsak.security.jwt.secret", SECRET);
        properties.put("kavsak.storage.root", Path.of("target", "embedded-it", "storage").toAbsolutePath().toString());
        properties.put("kavsak.events.redelivery.initial-delay-ms", "50");
        properties.put("kavsak.events.redelivery.maximum-redeliveries", "2");
        properties.put("kavsak.parser.llm.base-url", OpenAiStub.shared().baseUrl());
        properties.put("kavsak.parser.llm.timeout", "3s");
        properties.put("kavsak.parser.llm.initial-backoff", "100ms");
        // its own groups for everything but the parser workers, which join this hub's group
        // (kavsak.parser.worker.group) as a restarted replica would; a short session, so the broker
        // hands the dead child's partitions back soon after the kill
        properties.put("camel.component.kafka.group-id", "kill-child-" + run);
        properties.put("kavsak.recall.consumer-group", "kill-child-recall-" + run);
        properties.put("camel.component.kafka.session-timeout-ms", "6000");
        properties.put("camel.component.kafka.heartbeat-interval-ms", "1000");
        properties.put("spring.main.banner-mode", "off");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("io.kavsak.hub.KavsakHubApplication");
        Files.createDirectories(log.getParent());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI readiness = URI.create("http://localhost:" + childPort + "/actuator/health/readiness");
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            if (!child.isAlive()) {
                throw new AssertionError("the child hub exited; see " + log);
            }
            return http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        });
        return child;
    }
}
