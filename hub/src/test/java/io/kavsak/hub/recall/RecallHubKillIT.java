package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Kills a real hub (a child JVM on the same PostgreSQL, Kafka, Redis and SMTP) in the middle of a
 * recall with SIGKILL, and shows this test's hub, standing in for the restarted one, finishing the
 * request from where the dead one stopped.
 */
class RecallHubKillIT extends RecallTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    DataSource dataSource;

    @Test
    void killingTheHubMidRecallEndsCompletedWithEveryRowGoneAfterRestart() throws Exception {
        String tenant = newTenant();
        putFeatures(tenant, "kim", "{\"payment_timeliness\": 0.3}");
        recordTrainingEvents(tenant, "kim", 3);
        recordTrainingEvents(tenant, "lee", 1);

        Process child = null;
        Path childLog = Path.of("target", "recall-kill-child.log").toAbsolutePath();
        String id;
        // another transaction holds a row of kim's training events, so the child's training-log step
        // is certainly in flight (started, not finished) when it is killed
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement(
                    "select 1 from training_event where tenant_id = ? and user_id = 'kim' limit 1 for update")) {
                select.setString(1, tenant);
                select.executeQuery().close();
            }
            camel.getRouteController().stopRoute("recall-requested");
            try {
                child = startChildHub(childLog);
                id = requestRecall(tenant, "kim", "FULL_EXCLUDE").path("id").asText();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> count("""
                        select count(*) from recall_audit where recall_id = ?::uuid and target = 'training-log'
                        and finished_at is null""", id) == 1);
                assertThat(count("select count(*) from recall_audit where recall_id = ?::uuid and target = 'feature-store' "
                        + "and finished_at is not null and error is null", id)).isEqualTo(1);

                child.destroyForcibly();
                assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                lock.rollback();

                assertThat(recall(tenant, id).path("state").asText()).isEqualTo("IN_PROGRESS");
                assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = 'kim'", tenant))
                        .isEqualTo(3);
                // the dead hub's lease runs out, then the event is delivered again to the hub that is up
                await().atMost(Duration.ofSeconds(30)).until(() -> count(
                        "select count(*) from recall_request where recall_id = ?::uuid and lease_until < now()", id) == 1);
            } finally {
                if (child != null && child.isAlive()) {
                    child.destroyForcibly();
                }
                camel.getRouteController().startRoute("recall-requested");
            }
        }

        JsonNode done = awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));
        java.util.Map<String, List<JsonNode>> byTarget = new java.util.HashMap<>();
        done.path("audit").forEach(e -> byTarget.computeIfAbsent(e.path("target").asText(), t -> new ArrayList<>())
                .add(e));
        List<JsonNode> trainingLog = byTarget.remove("training-log");
        assertThat(byTarget.remove("feature-store")).as("finished before the kill, not run again").hasSize(1);
        assertThat(trainingLog).as("in flight at the kill, then run again").hasSize(2);
        // every other target ran once, to completion
        byTarget.values().forEach(runs -> assertThat(runs).hasSize(1)
                .allSatisfy(run -> assertThat(run.path("finished_at").isNull()).isFalse()));
        assertThat(trainingLog.get(0).path("finished_at").isNull()).isTrue();
        assertThat(trainingLog.get(1).path("rows_affected").asLong()).isEqualTo(3);
        assertThat(done.path("runs").asInt()).isEqualTo(2);
        assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = 'kim'", tenant)).isZero();
        assertThat(count("select count(*) from feature_value where tenant_id = ? and subject_key = 'kim'", tenant)).isZero();
        assertThat(redis.hasKey("features:" + tenant + ":kim")).isFalse();
        assertThat(count("select count(*) from training_set where tenant_id = ? and user_id = 'lee'", tenant)).isEqualTo(1);
    }

    private Process startChildHub(Path log) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path")));
        Map<String, String> properties = new java.util.LinkedHashMap<>(services().properties());
        properties.put("server.port", String.valueOf(port));
        properties.put("kavsak.security.jwt.secret", SECRET);
        properties.put("kavsak.storage.root", Path.of("target", "embedded-it", "storage").toAbsolutePath().toString());
        // its own consumer groups, so the test hub's consumers are not rebalanced by the child's death
        properties.put("camel.component.kafka.group-id", "kill-child-" + run);
        properties.put("kavsak.recall.consumer-group", "kill-child-recall-" + run);
        properties.put("kavsak.recall.lease", "5s");
        properties.put("spring.main.banner-mode", "off");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("io.kavsak.hub.KavsakHubApplication");
        Files.createDirectories(log.getParent());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        URI liveness = URI.create("http://localhost:" + port + "/actuator/health/readiness");
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            if (!child.isAlive()) {
                throw new AssertionError("the child hub exited; see " + log);
            }
            return http.send(HttpRequest.newBuilder(liveness).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        });
        return child;
    }
}
