package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

class RecallPipelineIT extends RecallTestSupport {

    @Autowired
    io.kavsak.hub.privacy.PrivacyPseudonyms pseudonyms;

    @Autowired
    ApplicationContext context;

    private List<String> trainingSetUsers(String tenant) {
        HttpResponse<String> response = call("GET", "/api/v1/training-set?size=5000", TOKENS.admin("a", tenant), null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> users = new ArrayList<>();
        jsonOf(response).path("items").forEach(item -> users.add(item.path("user_id").asText()));
        return users;
    }

    @Test
    void fullExcludeErasesTheUsersFeaturesKeysAndTrainingEventsAndNobodyElses() throws Exception {
        String tenant = newTenant();
        call("PUT", "/api/v1/tenants/" + tenant + "/privacy-contacts/alice", TOKENS.admin("admin-1", tenant),
                "{\"email\": \"alice@" + tenant + ".test\"}");
        putFeatures(tenant, "alice", "{\"payment_timeliness\": 0.9, \"savings_rate\": 0.4}");
        putFeatures(tenant, "bob", "{\"payment_timeliness\": 0.5}");
        recordTrainingEvents(tenant, "alice", 3);
        recordTrainingEvents(tenant, "bob", 2);
        assertThat(trainingSetUsers(tenant)).containsOnly("alice", "bob").hasSize(5);

        JsonNode requested = requestRecall(tenant, "alice", "FULL_EXCLUDE");
        String id = requested.path("id").asText();
        assertThat(requested.path("state").asText()).isEqualTo("REQUESTED");
        assertThat(requested.path("recall_mode").asText()).isEqualTo("FULL_EXCLUDE");
        assertThat(requested.path("recall_completed_at").isNull()).isTrue();
        assertThat(java.time.Instant.parse(requested.path("deadline").asText())).isEqualTo(
                java.time.Instant.parse(requested.path("recall_requested_at").asText()).plus(Duration.ofHours(48)));

        JsonNode done = awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));
        assertThat(done.path("completed_at").isNull()).isFalse();
        assertThat(done.path("sla_breached").asBoolean()).isFalse();

        JsonNode status = jsonOf(call("GET", "/api/v1/consent/recall/status", TOKENS.user("alice", tenant), null));
        assertThat(status.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(status.path("recall_completed_at").isNull()).isFalse();

        assertThat(count("select count(*) from feature_value where tenant_id = ? and subject_key = 'alice'", tenant)).isZero();
        assertThat(redis.hasKey("features:" + tenant + ":alice")).isFalse();
        assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = 'alice'", tenant)).isZero();
        assertThat(trainingSetUsers(tenant)).containsOnly("bob").hasSize(2);
        assertThat(count("select count(*) from feature_value where tenant_id = ? and subject_key = 'bob'", tenant)).isEqualTo(1);
        assertThat(redis.<String, String>opsForHash().entries("features:" + tenant + ":bob")).containsEntry("payment_timeliness", "0.5");

        // a training event for alice arriving after the recall is excluded on arrival
        HttpResponse<String> late = call("POST", "/api/v1/training-events", TOKENS.token("svc", tenant,
                List.of("service"), Duration.ofMinutes(5)), "{\"user_id\": \"alice\", \"kind\": \"click\"}");
        assertThat(jsonOf(late).path("excluded").asBoolean()).isTrue();
        assertThat(trainingSetUsers(tenant)).doesNotContain("alice");

        Map<String, JsonNode> audit = new java.util.HashMap<>();
        done.path("audit").forEach(entry -> audit.put(entry.path("target").asText(), entry));
        assertThat(audit.get("feature-store").path("rows_affected").asLong()).isEqualTo(3); // 2 rows + 1 key
        assertThat(audit.get("training-log").path("rows_affected").asLong()).isEqualTo(3);
        assertThat(audit.get("feature-store").path("error").isNull()).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> !mailsTo("alice@" + tenant + ".test").isEmpty());
        MimeMessage mail = mailsTo("alice@" + tenant + ".test").get(0);
        assertThat(mail.getSubject()).contains("completed");
        assertThat(textOf(mail)).contains(id);
        assertThat(mail.getHeader("X-Kavsak-Subject")).isNull();
        assertThat(mail.getHeader("kavsakTenantId")).isNull();

        kafka().readUntil("privacy.recall.requested", r -> r.value().contains(id), Duration.ofSeconds(20));
        kafka().readUntil("privacy.recall.completed", r -> r.value().contains(id), Duration.ofSeconds(20));
    }

    @Test
    void anonymizeUnlinksTheUserButKeepsTheValuesForAggregates() throws Exception {
        String tenant = newTenant();
        putFeatures(tenant, "carol", "{\"income_stability\": 0.75, \"account_tenure\": 0.25}");
        recordTrainingEvents(tenant, "carol", 4);
        double sumBefore = jdbc.queryForObject("select sum(value) from feature_value where tenant_id = ?", Double.class, tenant);

        String id = requestRecall(tenant, "carol", "ANONYMIZE").path("id").asText();
        awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));

        assertThat(count("select count(*) from feature_value where tenant_id = ? and subject_key = 'carol'", tenant)).isZero();
        assertThat(jdbc.queryForObject("select sum(value) from feature_value where tenant_id = ?", Double.class, tenant))
                .isEqualTo(sumBefore);
        List<String> surrogates = jdbc.queryForList(
                "select distinct subject_key from feature_value where tenant_id = ? and anonymized", String.class, tenant);
        assertThat(surrogates).hasSize(1);
        assertThat(surrogates.get(0)).startsWith("anon-").doesNotContain("carol");
        assertThat(redis.hasKey("features:" + tenant + ":carol")).isFalse();
        assertThat(redis.<String, String>opsForHash().entries("features:" + tenant + ":" + surrogates.get(0)))
                .containsEntry("income_stability", "0.75");
        // the surrogate is stored nowhere that links it to the user
        assertThat(count("select count(*) from recall_audit a join recall_request r using (recall_id) "
                + "where r.tenant_id = ? and (a.error like '%anon-%' or a.note like '%anon-%')", tenant)).isZero();

        assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = 'carol'", tenant)).isZero();
        assertThat(count("select count(*) from training_event where tenant_id = ? and excluded and anonymized", tenant)).isEqualTo(4);
        assertThat(trainingSetUsers(tenant)).isEmpty();

        // no address configured for carol: the confirmation goes to the tenant's privacy contact
        await().atMost(Duration.ofSeconds(20)).until(() -> !mailsTo("privacy@" + tenant + ".test").isEmpty());
    }

    @Test
    void everyErasureTargetBeanRunsInOrderAndIsAudited() {
        String tenant = newTenant();
        String id = requestRecall(tenant, "dave", "FULL_EXCLUDE").path("id").asText();
        JsonNode done = awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));

        List<ErasureTarget> beans = new ArrayList<>(context.getBeansOfType(ErasureTarget.class).values());
        beans.sort(java.util.Comparator.comparingInt(ErasureTarget::order));
        List<String> audited = new ArrayList<>();
        done.path("audit").forEach(entry -> audited.add(entry.path("target").asText()));
        assertThat(audited).containsExactlyElementsOf(beans.stream().map(ErasureTarget::name).toList());
        Set<String> names = beans.stream().map(ErasureTarget::name).collect(Collectors.toSet());
        assertThat(names).contains("feature-store", "training-log");
        done.path("audit").forEach(entry -> {
            assertThat(entry.path("finished_at").isNull()).isFalse();
            assertThat(entry.path("attempt").asInt()).isEqualTo(1);
            assertThat(entry.path("rows_affected").asLong()).isZero();
        });
    }

    @Test
    void theSeedsPrivacyProfileViewShowsTheLatestRequest() {
        String tenant = newTenant();
        assertThat(jsonOf(call("GET", "/api/v1/consent/recall/status", TOKENS.user("erin", tenant), null))
                .path("state").asText()).isEqualTo("NONE");
        String id = requestRecall(tenant, "erin", "ANONYMIZE").path("id").asText();
        awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));
        // once the confirmation went out the request names the user only by their pseudonym
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from recall_request where "
                + "recall_id = ?::uuid and notified_at is not null", id) == 1);
        Map<String, Object> profile = jdbc.queryForMap(
                "select * from user_privacy_profile where tenant_id = ? and user_id = ?", tenant,
                pseudonyms.of(tenant, "erin"));
        assertThat(profile).containsEntry("recall_mode", "ANONYMIZE").containsEntry("state", "COMPLETED");
        assertThat(profile.get("recall_completed_at")).isNotNull();
    }
}
