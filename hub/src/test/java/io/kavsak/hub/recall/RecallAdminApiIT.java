package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RecallAdminApiIT extends RecallTestSupport {

    @Autowired
    CamelContext camel;

    private String recalls(String tenant) {
        return "/api/v1/tenants/" + tenant + "/recalls";
    }

    /** Keeps new requests REQUESTED while the body runs: the pipeline's consumer is stopped. */
    private void withPipelinePaused(Runnable body) throws Exception {
        camel.getRouteController().stopRoute("recall-requested");
        try {
            body.run();
        } finally {
            camel.getRouteController().startRoute("recall-requested");
        }
    }

    @Test
    void concurrentDuplicateSubmitsCreateExactlyOneRequest() throws Exception {
        String tenant = newTenant();
        withPipelinePaused(() -> {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<HttpResponse<String>>> submits = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    submits.add(() -> call("POST", "/api/v1/consent/recall", TOKENS.user("frank", tenant),
                            "{\"mode\": \"FULL_EXCLUDE\"}"));
                }
                List<Integer> statuses = new ArrayList<>();
                Set<String> ids = new HashSet<>();
                for (Future<HttpResponse<String>> answer : pool.invokeAll(submits)) {
                    statuses.add(answer.get().statusCode());
                    ids.add(jsonOf(answer.get()).path("id").asText());
                }
                assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
                assertThat(ids).hasSize(1);
                assertThat(count("select count(*) from recall_request where tenant_id = ? and user_id = 'frank'", tenant))
                        .isEqualTo(1);
                assertThat(count("select count(*) from outbox_event where tenant_id = ? and event_type = "
                        + "'privacy.recall.requested'", tenant)).isEqualTo(1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdownNow();
            }
        });
        String id = jdbc.queryForObject("select recall_id::text from recall_request where tenant_id = ?", String.class, tenant);
        awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|mode",
            "{\"mode\": \"DELETE_EVERYTHING\"}|mode",
            "{\"mode\": null}|mode",
            "{\"mode\": \"FULL_EXCLUDE\"|body",
            "[\"FULL_EXCLUDE\"]|body",
            "not json|body"})
    void malformedRecallBodiesAreProblem400sNamingTheField(String requestBody, String field) throws Exception {
        String tenant = newTenant();
        HttpResponse<String> response = call("POST", "/api/v1/consent/recall", TOKENS.user("gina", tenant), requestBody);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(jsonOf(response).path("field").asText()).isEqualTo(field);
        assertThat(count("select count(*) from recall_request where tenant_id = ?", tenant)).isZero();
    }

    @Test
    void operatorSubmitIsIdempotentOnExternalRefAndOnTheOpenRequest() throws Exception {
        String tenant = newTenant();
        String ref = "recallrequest/" + UUID.randomUUID();
        String first = "{\"user_id\": \"hank\", \"mode\": \"ANONYMIZE\", \"external_ref\": \"" + ref + "\"}";
        HttpResponse<String> created = call("POST", recalls(tenant), TOKENS.operator(), first);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode view = jsonOf(created);
        assertThat(view.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(view.path("user_id").asText()).isEqualTo("hank");
        assertThat(view.path("mode").asText()).isEqualTo("ANONYMIZE");
        assertThat(view.has("sla_breached")).isTrue();
        assertThat(view.has("deadline")).isTrue();
        assertThat(view.has("audit")).isFalse();
        String id = view.path("id").asText();

        awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));
        // the same external_ref after completion still answers the same request
        HttpResponse<String> again = call("POST", recalls(tenant), TOKENS.operator(), first);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(jsonOf(again).path("id").asText()).isEqualTo(id);
        assertThat(jsonOf(again).path("state").asText()).isEqualTo("COMPLETED");

        // an admin of another tenant sees nothing
        String other = newTenant();
        assertThat(call("POST", recalls(tenant), TOKENS.admin("admin-1", other),
                "{\"user_id\": \"x\", \"mode\": \"ANONYMIZE\"}").statusCode()).isEqualTo(404);
        assertThat(call("GET", recalls(tenant) + "/" + id, TOKENS.admin("admin-1", other), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", recalls(other) + "/" + id, TOKENS.admin("admin-1", other), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", recalls(tenant) + "/" + UUID.randomUUID(), TOKENS.operator(), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", recalls(tenant) + "/not-a-uuid", TOKENS.operator(), null).statusCode()).isEqualTo(404);
        // an unknown tenant cannot receive requests
        assertThat(call("POST", recalls("no-such-tenant"), TOKENS.operator(),
                "{\"user_id\": \"x\", \"mode\": \"ANONYMIZE\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void nonAdminsAreRefusedOnAdminRoutes() {
        String tenant = newTenant();
        String user = TOKENS.user("ivan", tenant);
        assertThat(call("GET", recalls(tenant), user, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", recalls(tenant), user, "{\"user_id\": \"ivan\", \"mode\": \"ANONYMIZE\"}").statusCode())
                .isEqualTo(403);
        String id = requestRecall(tenant, "ivan", "ANONYMIZE").path("id").asText();
        assertThat(call("GET", recalls(tenant) + "/" + id, user, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", recalls(tenant) + "/" + id + "/complete", user, "{\"reason\": \"x\"}").statusCode())
                .isEqualTo(403);
        assertThat(call("POST", recalls(tenant) + "/" + id + "/retry", user, null).statusCode()).isEqualTo(403);
        // the operator may create and read, not complete
        assertThat(call("POST", recalls(tenant) + "/" + id + "/complete", TOKENS.operator(), "{\"reason\": \"x\"}")
                .statusCode()).isEqualTo(403);
        assertThat(call("GET", recalls(tenant) + "/" + id, TOKENS.operator(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void manualCompletionNeedsAReasonAndAuditsWhoAndWhy() throws Exception {
        String tenant = newTenant();
        String admin = TOKENS.admin("admin-7", tenant);
        String[] id = {null};
        withPipelinePaused(() -> {
            id[0] = requestRecall(tenant, "judy", "FULL_EXCLUDE").path("id").asText();
            // a run holds the request (as if stuck in a target), so only the admin moves it
            jdbc.update("update recall_request set lease_until = now() + interval '1 hour' where recall_id = ?::uuid",
                    id[0]);
        });
        HttpResponse<String> noReason = call("POST", recalls(tenant) + "/" + id[0] + "/complete", admin, "{}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(jsonOf(noReason).path("field").asText()).isEqualTo("reason");

        HttpResponse<String> completed = call("POST", recalls(tenant) + "/" + id[0] + "/complete", admin,
                "{\"reason\": \"erased by hand in the legacy CRM, ticket 4711\"}");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        JsonNode view = jsonOf(completed);
        assertThat(view.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(view.path("completed_by").asText()).isEqualTo("admin-7");
        JsonNode manual = null;
        for (JsonNode entry : view.path("audit")) {
            if (entry.path("target").asText().equals("manual-completion")) {
                manual = entry;
            }
        }
        assertThat(manual).isNotNull();
        assertThat(manual.path("actor").asText()).isEqualTo("admin-7");
        assertThat(manual.path("reason").asText()).contains("ticket 4711");
        assertThat(call("POST", recalls(tenant) + "/" + id[0] + "/complete", admin, "{\"reason\": \"again\"}").statusCode())
                .isEqualTo(409);
        kafka().readUntil("privacy.recall.completed", r -> r.value().contains(id[0]) && r.value().contains("admin-7"),
                Duration.ofSeconds(20));
    }

    @Test
    void listFiltersByStateAndOverdueAndPages() throws Exception {
        String tenant = newTenant();
        String admin = TOKENS.admin("admin-1", tenant);
        List<String> ids = new ArrayList<>();
        withPipelinePaused(() -> {
            for (String user : List.of("k1", "k2", "k3")) {
                ids.add(requestRecall(tenant, user, "ANONYMIZE").path("id").asText());
            }
            jdbc.update("update recall_request set deadline = now() - interval '1 minute', "
                    + "lease_until = now() + interval '1 hour' where recall_id = ?::uuid", ids.get(0));
            jdbc.update("update recall_request set lease_until = now() + interval '1 hour' where tenant_id = ?", tenant);

            JsonNode overdue = jsonOf(call("GET", recalls(tenant) + "?overdue=true", admin, null));
            assertThat(overdue.path("total").asInt()).isEqualTo(1);
            assertThat(overdue.path("items").get(0).path("id").asText()).isEqualTo(ids.get(0));
            assertThat(overdue.path("items").get(0).path("sla_breached").asBoolean()).isTrue();
            assertThat(jsonOf(call("GET", recalls(tenant) + "?overdue=false", admin, null)).path("total").asInt()).isEqualTo(2);
            assertThat(jsonOf(call("GET", recalls(tenant) + "?state=REQUESTED", admin, null)).path("total").asInt()).isEqualTo(3);
            assertThat(jsonOf(call("GET", recalls(tenant) + "?state=COMPLETED", admin, null)).path("total").asInt()).isZero();

            JsonNode page0 = jsonOf(call("GET", recalls(tenant) + "?size=2&page=0", admin, null));
            JsonNode page1 = jsonOf(call("GET", recalls(tenant) + "?size=2&page=1", admin, null));
            assertThat(page0.path("items")).hasSize(2);
            assertThat(page1.path("items")).hasSize(1);
            assertThat(page0.path("total").asInt()).isEqualTo(3);

            HttpResponse<String> badState = call("GET", recalls(tenant) + "?state=DONE", admin, null);
            assertThat(badState.statusCode()).isEqualTo(400);
            assertThat(jsonOf(badState).path("field").asText()).isEqualTo("state");
            assertThat(jsonOf(call("GET", recalls(tenant) + "?size=0", admin, null)).path("field").asText()).isEqualTo("size");
            assertThat(jsonOf(call("GET", recalls(tenant) + "?overdue=maybe", admin, null)).path("field").asText())
                    .isEqualTo("overdue");
        });
        // the leases keep the pipeline off; a manual retry takes them back and runs each request now
        for (String id : ids) {
            assertThat(call("POST", recalls(tenant) + "/" + id + "/retry", admin, null).statusCode()).isEqualTo(202);
        }
        for (String id : ids) {
            JsonNode done = awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));
            assertThat(done.path("audit").findValuesAsText("target")).contains("manual-retry");
        }
        assertThat(call("POST", recalls(tenant) + "/" + ids.get(0) + "/retry", admin, null).statusCode()).isEqualTo(409);
    }
}
