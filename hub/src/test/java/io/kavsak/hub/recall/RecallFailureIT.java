package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecallFailureIT extends RecallTestSupport {

    private static List<JsonNode> auditOf(JsonNode view, String target) {
        List<JsonNode> entries = new ArrayList<>();
        view.path("audit").forEach(entry -> {
            if (entry.path("target").asText().equals(target)) {
                entries.add(entry);
            }
        });
        return entries;
    }

    @Test
    void redisStoppedMidRecallKeepsTheRequestInProgressWithTheErrorAndARetryCompletesIt() {
        String tenant = newTenant();
        putFeatures(tenant, "lena", "{\"payment_timeliness\": 0.8}");
        recordTrainingEvents(tenant, "lena", 2);
        String id;
        services().stopRedis();
        try {
            id = requestRecall(tenant, "lena", "FULL_EXCLUDE").path("id").asText();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode view = recall(tenant, id);
                assertThat(auditOf(view, "feature-store")).hasSize(3)
                        .allSatisfy(entry -> assertThat(entry.path("error").asText()).isNotBlank());
                assertThat(view.path("last_error").asText()).startsWith("feature-store");
            });
            JsonNode stuck = recall(tenant, id);
            assertThat(stuck.path("state").asText()).isEqualTo("IN_PROGRESS");
            assertThat(auditOf(stuck, "feature-store")).extracting(e -> e.path("attempt").asInt()).containsExactly(1, 2, 3);
            assertThat(auditOf(stuck, "training-log")).isEmpty();
            assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = 'lena'", tenant))
                    .isEqualTo(2);
        } finally {
            services().startRedis();
        }
        // the hub's client reconnects on its own; the key survived in Redis's append-only file
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> Boolean.TRUE.equals(redis.hasKey("features:" + tenant + ":lena")));

        assertThat(call("POST", "/api/v1/tenants/" + tenant + "/recalls/" + id + "/retry",
                TOKENS.admin("admin-1", tenant), null).statusCode()).isEqualTo(202);
        JsonNode done = awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));
        List<JsonNode> featureStore = auditOf(done, "feature-store");
        assertThat(featureStore).hasSize(4);
        assertThat(featureStore.get(3).path("error").isNull()).isTrue();
        assertThat(featureStore.get(3).path("attempt").asInt()).isEqualTo(4);
        assertThat(auditOf(done, "training-log")).hasSize(1);
        assertThat(redis.hasKey("features:" + tenant + ":lena")).isFalse();
        assertThat(count("select count(*) from feature_value where tenant_id = ? and subject_key = 'lena'", tenant)).isZero();
        assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = 'lena'", tenant)).isZero();
    }

    @Test
    void aRequestLeftInProgressByAKilledHubIsResumedSkippingItsFinishedTargets() {
        String tenant = newTenant();
        recordTrainingEvents(tenant, "mike", 3);
        recordTrainingEvents(tenant, "nina", 1);
        UUID id = UUID.randomUUID();
        // the state a hub killed after the feature store and before the training log leaves behind
        jdbc.update("""
                insert into recall_request (recall_id, tenant_id, user_id, recall_mode, state, deadline, requested_by,
                                            runs, lease_until, last_activity_at, recall_requested_at)
                values (?, ?, 'mike', 'FULL_EXCLUDE', 'IN_PROGRESS', now() + interval '47 hours', 'mike',
                        1, now() - interval '4 minutes', now() - interval '9 minutes', now() - interval '10 minutes')
                """, id, tenant);
        jdbc.update("""
                insert into recall_audit (recall_id, target, attempt, started_at, finished_at, rows_affected)
                values (?, 'feature-store', 1, now() - interval '9 minutes', now() - interval '9 minutes', 51)
                """, id);

        JsonNode done = awaitState(tenant, id.toString(), "COMPLETED", Duration.ofSeconds(75));
        assertThat(auditOf(done, "feature-store")).hasSize(1)
                .first().satisfies(entry -> assertThat(entry.path("rows_affected").asLong()).isEqualTo(51));
        assertThat(auditOf(done, "training-log")).hasSize(1)
                .first().satisfies(entry -> assertThat(entry.path("rows_affected").asLong()).isEqualTo(3));
        assertThat(done.path("runs").asInt()).isEqualTo(2);
        assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = 'mike'", tenant)).isZero();
        assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = 'nina'", tenant)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> !mailsTo("privacy@" + tenant + ".test").isEmpty());
    }

    @Test
    void aRequestWhoseEventNeverArrivedIsPickedUpByTheResumer() {
        String tenant = newTenant();
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into recall_request (recall_id, tenant_id, user_id, recall_mode, state, deadline, requested_by,
                                            last_activity_at, recall_requested_at)
                values (?, ?, 'olga', 'ANONYMIZE', 'REQUESTED', now() + interval '45 hours', 'olga',
                        now() - interval '3 hours', now() - interval '3 hours')
                """, id, tenant);
        JsonNode done = awaitState(tenant, id.toString(), "COMPLETED", Duration.ofSeconds(75));
        assertThat(done.path("sla_breached").asBoolean()).isFalse();
    }
}
