package io.kavsak.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class DeadLetterApiIT extends HubIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Admin admin;
    @Autowired
    TopicProvisioner provisioner;

    private KafkaProbe kafka() {
        return new KafkaProbe(services().kafka().getBrokersAsString());
    }

    private String newTenant() {
        String tenant = "dl-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(),
                "{\"display_name\": \"Dead letter test\", \"privacy_contact\": \"privacy@" + tenant + ".test\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return tenant;
    }

    private static String featureEvent(String tenant, String user, String features) {
        return """
                {"event_type": "feature.upserted", "tenant_id": "%s", "user_id": "%s", "features": %s,
                 "updated_at": "%s"}""".formatted(tenant, user, features, Instant.now());
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    private JsonNode awaitLetters(String tenant, String topic, int expected) {
        JsonNode[] page = {null};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            HttpResponse<String> response = call("GET", "/api/v1/tenants/" + tenant + "/dead-letters?topic=" + topic,
                    TOKENS.admin("admin-1", tenant), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            page[0] = jsonOf(response);
            assertThat(page[0].path("total").asInt()).as(page[0].toString()).isEqualTo(expected);
        });
        return page[0];
    }

    @Test
    void anInvalidEventIsStoredAsADeadLetterOfItsTenantAndItsInboxRowNeverCommitted() throws Exception {
        String tenant = newTenant();
        String broken = featureEvent(tenant, "ivo", "{\"payment_timeliness\": \"high\"}");
        String eventId = new EventReader().read(broken, "feature.upserted").eventId();
        kafka().send("feature.upserted", tenant, broken);

        JsonNode letter = awaitLetters(tenant, "feature.upserted", 1).path("items").get(0);
        assertThat(letter.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(letter.path("user_ids").toString()).isEqualTo("[\"ivo\"]");
        assertThat(letter.path("event_id").asText()).isEqualTo(eventId);
        assertThat(letter.path("source_topic").asText()).isEqualTo("feature.upserted");
        assertThat(letter.path("source_partition").isInt()).isTrue();
        assertThat(letter.path("source_offset").isNumber()).isTrue();
        assertThat(letter.path("record_key").asText()).isEqualTo(tenant);
        assertThat(letter.path("reason").asText()).contains("not a number");
        assertThat(letter.path("error_type").asText()).isEqualTo(InvalidEventException.class.getName());
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        assertThat(letter.path("status").asText()).isEqualTo("PENDING");
        assertThat(letter.path("original_event").asText()).isEqualTo(broken);
        // the dead-lettered event's inbox row rolled back with its failed transaction: a replay is not a duplicate
        assertThat(count("select count(*) from inbox_event where event_id = ?", eventId)).isZero();

        String id = letter.path("id").asText();
        HttpResponse<String> one = call("GET", "/api/v1/tenants/" + tenant + "/dead-letters/" + id,
                TOKENS.admin("admin-1", tenant), null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(jsonOf(one).path("original_event").asText()).isEqualTo(broken);
        // the Kafka copy stays for operations tooling
        kafka().readUntil("feature.upserted.dlq", r -> r.value().contains(tenant), Duration.ofSeconds(30));

        String other = newTenant();
        assertThat(call("GET", "/api/v1/tenants/" + other + "/dead-letters/" + id, TOKENS.admin("admin-2", other), null)
                .statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/dead-letters", TOKENS.admin("admin-2", other), null)
                .statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/dead-letters", TOKENS.user("ivo", tenant), null)
                .statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/dead-letters?status=LOST",
                TOKENS.admin("admin-1", tenant), null).statusCode()).isEqualTo(400);
    }

    @Test
    void aLetterOfAnEventWithoutARegisteredTenantIsTheOperatorsAlone() {
        String marker = UUID.randomUUID().toString();
        kafka().send("context.golden-qa.created", "k", "not json at all " + marker);

        JsonNode[] letter = {null};
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> page = call("GET", "/api/v1/dead-letters?topic=context.golden-qa.created&size=200",
                    TOKENS.operator(), null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            letter[0] = null;
            jsonOf(page).path("items").forEach(item -> {
                if (item.path("original_event").asText().contains(marker)) {
                    letter[0] = item;
                }
            });
            assertThat(letter[0]).isNotNull();
        });
        assertThat(letter[0].path("tenant_id").isNull()).isTrue();
        assertThat(letter[0].path("reason").asText()).contains("not valid JSON");
        String id = letter[0].path("id").asText();
        String tenant = newTenant();
        assertThat(call("GET", "/api/v1/dead-letters/" + id, TOKENS.admin("admin-1", tenant), null).statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/dead-letters/" + id, TOKENS.admin("admin-1", tenant),
                null).statusCode()).isEqualTo(404);

        assertThat(call("DELETE", "/api/v1/dead-letters/" + id, TOKENS.operator(), null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/dead-letters/" + id, TOKENS.operator(), null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/dead-letters/" + id, TOKENS.operator(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aReplayGoesBackThroughTheNormalConsumerOnce() {
        String tenant = newTenant();
        // a valid event dead-lettered by an outage, as the hub did before outages were waited out
        String valid = featureEvent(tenant, "vera", "{\"savings_rate\": 0.4}");
        String validId = new EventReader().read(valid, "feature.upserted").eventId();
        UUID letter = jdbc.queryForObject("""
                insert into dead_letter (tenant_id, user_ids, event_id, event_type, source_topic, source_partition,
                                         source_offset, record_key, original_event, reason, error_type, attempts)
                values (?, array['vera'], ?, 'feature.upserted', 'feature.upserted', 0, -1, ?, ?,
                        'Failed to obtain JDBC Connection', 'org.springframework.jdbc.CannotGetJdbcConnectionException', 5)
                returning id
                """, UUID.class, tenant, validId, tenant, valid);
        String path = "/api/v1/tenants/" + tenant + "/dead-letters/" + letter;

        HttpResponse<String> replayed = call("POST", path + "/replay", TOKENS.admin("admin-1", tenant), null);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
        assertThat(jsonOf(replayed).path("status").asText()).isEqualTo("REPLAYED");
        assertThat(jsonOf(replayed).path("replayed_by").asText()).isEqualTo("admin-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from feature_value where tenant_id = ? and subject_key = 'vera'", tenant) == 1);
        assertThat(count("select count(*) from inbox_event where event_id = ?", validId)).isEqualTo(1);

        HttpResponse<String> again = call("POST", path + "/replay", TOKENS.admin("admin-1", tenant), null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(call("GET", "/api/v1/tenants/" + tenant + "/dead-letters?status=REPLAYED",
                TOKENS.admin("admin-1", tenant), null).body()).contains(letter.toString());

        // an invalid event replayed reaches the consumer again (the inbox does not swallow it) and fails again
        String broken = featureEvent(tenant, "walt", "{\"x\": \"y\"}");
        kafka().send("feature.upserted", tenant, broken);
        String first = awaitLetters(tenant, "feature.upserted", 2).path("items").get(0).path("id").asText();
        assertThat(call("POST", "/api/v1/tenants/" + tenant + "/dead-letters/" + first + "/replay",
                TOKENS.admin("admin-1", tenant), null).statusCode()).isEqualTo(202);
        JsonNode letters = awaitLetters(tenant, "feature.upserted", 3);
        assertThat(letters.path("items").findValuesAsText("original_event").stream().filter(broken::equals).count())
                .isEqualTo(2);
    }

    @Test
    void aRecallErasesTheUsersDeadLettersWhereverTheEventNamesThem() {
        String tenant = newTenant();
        kafka().send("feature.upserted", tenant, featureEvent(tenant, "gil", "{\"a\": \"b\"}"));
        // gil is not the event's user_id, but the event carries the id: the raw text is matched too
        kafka().send("training.event.recorded", tenant, """
                {"event_type": "training.event.recorded", "tenant_id": "%s", "user_id": "hal",
                 "training_event_id": "%s", "kind": "referral", "payload": ["gil"], "occurred_at": "%s"}
                """.formatted(tenant, UUID.randomUUID(), Instant.now()));
        kafka().send("feature.upserted", tenant, featureEvent(tenant, "hal", "{\"a\": \"c\"}"));
        kafka().send("feature.upserted", tenant, featureEvent(tenant, "gilbert", "{\"a\": \"d\"}"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("select count(*) from dead_letter where tenant_id = ?", tenant) == 4);

        String full = recall(tenant, "gil", "FULL_EXCLUDE");
        awaitCompleted(tenant, full);
        assertThat(jdbc.queryForList("select original_event from dead_letter where tenant_id = ?", String.class, tenant))
                .hasSize(2).allMatch(e -> !e.contains("\"gil\""));
        String anonymous = recall(tenant, "hal", "ANONYMIZE");
        JsonNode done = awaitCompleted(tenant, anonymous);
        assertThat(done.path("audit").findValuesAsText("target")).contains("dead-letters");
        assertThat(jdbc.queryForList("select user_ids[1] from dead_letter where tenant_id = ?", String.class, tenant))
                .containsExactly("gilbert");
    }

    private String recall(String tenant, String user, String mode) {
        HttpResponse<String> response = call("POST", "/api/v1/consent/recall", TOKENS.user(user, tenant),
                "{\"mode\": \"" + mode + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response).path("id").asText();
    }

    private JsonNode awaitCompleted(String tenant, String recallId) {
        JsonNode[] last = {null};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            last[0] = jsonOf(call("GET", "/api/v1/tenants/" + tenant + "/recalls/" + recallId,
                    TOKENS.admin("admin-1", tenant), null));
            assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo("COMPLETED");
        });
        return last[0];
    }

    @Test
    void everyProvisionedTopicAgesItsRecordsOutWithinTheRecallSla() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "training.event.recorded");
        ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, "training.event.recorded.dlq");
        // an existing topic whose retention was changed by hand is aligned at the next start
        admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", String.valueOf(Duration.ofDays(7).toMillis())),
                AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        provisioner.provision();

        Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(topic, dlq)).all().get(30, TimeUnit.SECONDS);
        for (Config config : configs.values()) {
            assertThat(config.get("retention.ms").value()).isEqualTo(String.valueOf(Duration.ofHours(24).toMillis()));
            assertThat(config.get("segment.ms").value()).isEqualTo(String.valueOf(Duration.ofHours(1).toMillis()));
        }
    }
}
