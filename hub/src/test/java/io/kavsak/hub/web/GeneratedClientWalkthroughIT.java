package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.kavsak.client.ApiClient;
import io.kavsak.client.ApiException;
import io.kavsak.client.api.ApiV1Api;
import io.kavsak.client.api.ApiV1ConsentApi;
import io.kavsak.client.api.ApiV1ParserApi;
import io.kavsak.client.api.ApiV1TenantsTenantIdApi;
import io.kavsak.client.api.TenantsApi;
import io.kavsak.client.model.DeadLetter;
import io.kavsak.client.model.DeadLetterPage;
import io.kavsak.client.model.FeatureRequest;
import io.kavsak.client.model.ParseJobAccepted;
import io.kavsak.client.model.ParseJobStatus;
import io.kavsak.client.model.ParseResult;
import io.kavsak.client.model.ParseTextRequest;
import io.kavsak.client.model.PrivacyContact;
import io.kavsak.client.model.PrivacyContactRequest;
import io.kavsak.client.model.Problem;
import io.kavsak.client.model.RecallPage;
import io.kavsak.client.model.RecallSelfRequest;
import io.kavsak.client.model.RecallStatus;
import io.kavsak.client.model.RecallView;
import io.kavsak.client.model.Score;
import io.kavsak.client.model.Tenant;
import io.kavsak.client.model.TenantRequest;
import io.kavsak.client.model.TrainingEventRecorded;
import io.kavsak.client.model.TrainingEventRequest;
import io.kavsak.client.model.TrainingSetItem;
import io.kavsak.client.model.UserFeatures;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * README.md's walk-through, every REST step of it, through ONLY the Java client that the build generates from
 * docs/openapi.json (openapi-generator, {@code java} / {@code native}, package {@code io.kavsak.client}). A
 * contract that cannot express an operation or describes an answer wrongly fails here: the generated client
 * does not compile, or cannot read the answer into its model.
 */
class GeneratedClientWalkthroughIT extends HubIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A client of the running hub sending {@code token} as its bearer token (none when {@code token} is null). */
    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        client.setReadTimeout(Duration.ofSeconds(60));
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    /** The problem document of a failed call: status, content type and body as the contract describes them. */
    private static Problem problemOf(ApiException error, int status) throws Exception {
        assertThat(error).as("the call should have failed with %d", status).isNotNull();
        assertThat(error.getCode()).as(error.getResponseBody()).isEqualTo(status);
        assertThat(error.getResponseHeaders().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        Problem problem = ApiClient.createDefaultObjectMapper().readValue(error.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getTitle()).isNotBlank();
        return problem;
    }

    private interface Call {
        void run() throws ApiException;
    }

    private static ApiException failure(Call call) {
        return catchThrowableOfType(ApiException.class, call::run);
    }

    @Test
    void theReadmeWalkThroughRunsThroughTheGeneratedClient() throws Exception {
        String tenant = "gc-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "gc-other-" + UUID.randomUUID().toString().substring(0, 8);
        String userToken = TOKENS.user("user-1", tenant);
        String adminToken = TOKENS.admin("admin-1", tenant);

        // Tenants: the operator registers the tenant, its admin reads it; errors are problem documents
        TenantsApi operatorTenants = new TenantsApi(client(TOKENS.operator()));
        Tenant registered = operatorTenants.putTenantRest(tenant,
                new TenantRequest().displayName("Acme").privacyContact("privacy@acme.test"));
        assertThat(registered.getTenantId()).isEqualTo(tenant);
        assertThat(registered.getActive()).isTrue();
        TenantsApi adminTenants = new TenantsApi(client(adminToken));
        Tenant read = adminTenants.getTenantRest(tenant);
        assertThat(read.getDisplayName()).isEqualTo("Acme");
        assertThat(read.getPrivacyContact()).isEqualTo("privacy@acme.test");
        problemOf(failure(() -> new TenantsApi(client(null)).getTenantRest(tenant)), 401);
        problemOf(failure(() -> adminTenants.getTenantRest(other)), 404);
        Problem missingName = problemOf(failure(() -> operatorTenants.putTenantRest(tenant, new TenantRequest())), 400);
        assertThat(missingName.getField()).isEqualTo("display_name");
        assertThat(missingName.getDetail()).contains("display_name");

        // CV parsing: a job accepted at once, parsed by a worker; the stored profile holds no personal data
        ApiV1ParserApi parser = new ApiV1ParserApi(client(userToken));
        ParseJobAccepted accepted = parser.parseTextAsyncRest(new ParseTextRequest().userId("user-1").sessionId("s-1")
                .text("Ayşe Yılmaz, ayse@example.com, +90 532 123 45 67. Senior Java developer, 2015-2024 at Acme "
                        + "Holding: Spring Boot, Kafka, PostgreSQL."));
        assertThat(accepted.getJobId()).isNotBlank();
        awaitParsed(parser, accepted.getJobId());
        ParseResult result = parser.getParserResultRest(accepted.getJobId());
        assertThat(result.getStatus()).isEqualTo(ParseResult.StatusEnum.SUCCESS);
        String profile = String.valueOf(result.getParsedData());
        assertThat(profile).contains("Java").doesNotContain("ayse@example.com").doesNotContain("532 123")
                .doesNotContain("Yılmaz");

        Path cv = Files.createDirectories(Path.of("target", "generated-client-it")).resolve("cv.txt");
        Files.writeString(cv, "Mehmet Demir\nmehmet@example.com\nData engineer, 2018-2023: Python, Spark, SQL\n",
                StandardCharsets.UTF_8);
        ParseJobAccepted fromFile = parser.parseFileAsyncRest(cv.toFile(), "s-1", "user-1", "basic");
        awaitParsed(parser, fromFile.getJobId());
        ParseResult fileResult = parser.getParserResultRest(fromFile.getJobId());
        assertThat(fileResult.getStatus()).isEqualTo(ParseResult.StatusEnum.SUCCESS);
        assertThat(fileResult.getFileName()).isEqualTo("cv.txt");
        assertThat(String.valueOf(fileResult.getParsedData())).contains("Python")
                .doesNotContain("mehmet@example.com");
        Problem missingText = problemOf(failure(() -> parser.parseTextAsyncRest(
                new ParseTextRequest().userId("user-1").sessionId("s-1"))), 400);
        assertThat(missingText.getField()).isEqualTo("text");
        assertThat(parser.getParserStatsRest().getTotalJobs()).isEqualTo(2);

        // Recall: data of two users in, recall one, only theirs goes
        ApiV1TenantsTenantIdApi tenantAdmin = new ApiV1TenantsTenantIdApi(client(adminToken));
        PrivacyContact contact = tenantAdmin.putPrivacyContactRest(tenant, "user-1",
                new PrivacyContactRequest().email("user-1@acme.test"));
        assertThat(contact.getEmail()).isEqualTo("user-1@acme.test");
        Problem badEmail = problemOf(failure(() -> tenantAdmin.putPrivacyContactRest(tenant, "user-1",
                new PrivacyContactRequest().email("not-an-address"))), 400);
        assertThat(badEmail.getField()).isEqualTo("email");

        ApiV1Api userApi = new ApiV1Api(client(userToken));
        ApiV1Api adminApi = new ApiV1Api(client(adminToken));
        UserFeatures written = userApi.putFeaturesRest("user-1", new FeatureRequest().features(
                Map.of("payment_timeliness", 0.9, "income_stability", 0.7, "savings_rate", 0.4)));
        assertThat(written.getUserId()).isEqualTo("user-1");
        adminApi.putFeaturesRest("user-2", new FeatureRequest().features(Map.of("payment_timeliness", 0.5)));
        for (String user : new String[] {"user-1", "user-1", "user-2"}) {
            TrainingEventRecorded recorded = adminApi.recordTrainingEventRest(new TrainingEventRequest()
                    .userId(user).kind("click").payload(Map.of("page", "offers")));
            assertThat(recorded.getUserId()).isEqualTo(user);
            assertThat(recorded.getExcluded()).isFalse();
        }
        Problem missingUser = problemOf(failure(() -> adminApi.recordTrainingEventRest(
                new TrainingEventRequest().kind("click"))), 400);
        assertThat(missingUser.getField()).isEqualTo("user_id");
        Score before = userApi.getMyScoreRest();
        assertThat(before.getUserId()).isEqualTo("user-1");
        assertThat(before.getScore()).isNotNull();
        assertThat(before.getFeaturesUsed()).contains("payment_timeliness", "income_stability", "savings_rate");

        ApiV1ConsentApi consent = new ApiV1ConsentApi(client(userToken));
        RecallStatus requested = consent.requestRecallRest(
                new RecallSelfRequest().mode(RecallSelfRequest.ModeEnum.FULL_EXCLUDE));
        assertThat(requested.getId()).isNotNull();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> "COMPLETED".equals(consent.getRecallStatusRest().getState()));

        UserFeatures recalled = adminApi.getFeaturesRest("user-1");
        assertThat(recalled.getOffline()).isEmpty();
        assertThat(recalled.getOnline()).isEmpty();
        assertThat(adminApi.getFeaturesRest("user-2").getOffline()).containsEntry("payment_timeliness", 0.5);
        assertThat(adminApi.listTrainingEventsRest("user-1")).isEmpty();
        assertThat(adminApi.getTrainingSetRest(null, null).getItems()).extracting(TrainingSetItem::getUserId)
                .containsOnly("user-2");
        assertThat(parser.getParserStatsRest().getTotalJobs()).isZero();
        Score after = userApi.getMyScoreRest();
        assertThat(after.getScore()).isNull();
        assertThat(String.join(" ", after.getWarnings())).containsIgnoringCase("recall");
        // a recalled user's data is refused from then on
        problemOf(failure(() -> userApi.putFeaturesRest("user-1",
                new FeatureRequest().features(Map.of("payment_timeliness", 0.1)))), 409);
        RecallPage recalls = tenantAdmin.listRecallsRest(tenant, null, null, null, null);
        assertThat(recalls.getItems()).extracting(RecallView::getState).containsExactly(RecallView.StateEnum.COMPLETED);
        assertThat(recalls.getItems().get(0).getId()).isEqualTo(requested.getId());

        // Dead letters: a broken event produced straight to Kafka, read and discarded through the API
        new KafkaProbe(services().kafka().getBrokersAsString()).send("schema.index.requested", tenant,
                "{\"event_type\": \"schema.index.requested\", \"tenant_id\": \"" + tenant + "\"}");
        DeadLetterPage[] page = {null};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            page[0] = tenantAdmin.listDeadLettersRest(tenant, "schema.index.requested", null, null, null);
            return page[0].getTotal() == 1;
        });
        DeadLetter letter = tenantAdmin.getDeadLetterRest(tenant, page[0].getItems().get(0).getId().toString());
        assertThat(letter.getSourceTopic()).isEqualTo("schema.index.requested");
        assertThat(letter.getTenantId()).isEqualTo(tenant);
        assertThat(letter.getStatus()).isEqualTo(DeadLetter.StatusEnum.PENDING);
        assertThat(letter.getReason()).isNotBlank();
        assertThat(letter.getOriginalEvent()).contains(tenant);
        Problem badStatus = problemOf(failure(() -> tenantAdmin.listDeadLettersRest(tenant, null, "LOST", null, null)),
                400);
        assertThat(badStatus.getField()).isEqualTo("status");
        tenantAdmin.discardDeadLetterRest(tenant, letter.getId().toString());
        problemOf(failure(() -> tenantAdmin.getDeadLetterRest(tenant, letter.getId().toString())), 404);
    }

    private static void awaitParsed(ApiV1ParserApi parser, String jobId) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> parser.getParserJobRest(jobId).getStatus() != ParseJobStatus.StatusEnum.PROCESSING);
    }
}
