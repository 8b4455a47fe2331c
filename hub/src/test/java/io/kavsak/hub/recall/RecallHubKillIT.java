package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.ChildHub;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

        ChildHub child = null;
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
                child = ChildHub.start(childLog, Map.of("kavsak.recall.lease", "5s"));
                id = requestRecall(tenant, "kim", "FULL_EXCLUDE").path("id").asText();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> count("""
                        select count(*) from recall_audit where recall_id = ?::uuid and target = 'training-log'
                        and finished_at is null""", id) == 1);
                assertThat(count("select count(*) from recall_audit where recall_id = ?::uuid and target = 'feature-store' "
                        + "and finished_at is not null and error is null", id)).isEqualTo(1);

                child.kill();
                lock.rollback();

                assertThat(recall(tenant, id).path("state").asText()).isEqualTo("IN_PROGRESS");
                assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = 'kim'", tenant))
                        .isEqualTo(3);
                // the dead hub's lease runs out, then the event is delivered again to the hub that is up
                await().atMost(Duration.ofSeconds(30)).until(() -> count(
                        "select count(*) from recall_request where recall_id = ?::uuid and lease_until < now()", id) == 1);
            } finally {
                if (child != null) {
                    child.close();
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
}
