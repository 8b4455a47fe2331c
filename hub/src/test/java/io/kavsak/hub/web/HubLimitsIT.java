package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavsak.hub.support.HubIntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * No caller can exhaust the hub: oversized or over-shaped bodies, synchronous parsing and event
 * streams each meet a limit with a clear problem, and the rest of the hub keeps answering. The
 * limits are the small ones {@link HubIntegrationTest} configures (2 sync slots, 2 streams per
 * tenant, 3 per hub) and the default body limits.
 */
class HubLimitsIT extends HubIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final int MAX_BODY = 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    CamelContext camel;

    private HttpResponse<String> send(String method, String path, String token, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).method(method, body).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    private void assertProblem(HttpResponse<String> response, int status, String detailPart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = jsonOf(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detailPart);
    }

    private static byte[] jsonOfSize(int bytes) {
        StringBuilder body = new StringBuilder("{\"display_name\": \"");
        body.append("x".repeat(Math.max(0, bytes - body.length() - 2))).append("\"}");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void registerTheTenants() {
        List.of("acme", "limits-a", "limits-b").forEach(this::registerTenant);
    }

    @Test
    void aBodyOverTheLimitIs413OnEveryJsonRouteWhetherDeclaredOrChunked() throws Exception {
        String operator = TOKENS.operator();
        String user = "user-" + UUID.randomUUID();
        String userToken = TOKENS.user(user, "acme");
        byte[] tooLarge = jsonOfSize(MAX_BODY + 1);
        List<String[]> routes = List.of(
                new String[] {"PUT", "/api/v1/tenants/limits-acme", operator},
                new String[] {"POST", "/api/v1/parser/parse-text-async", userToken},
                new String[] {"POST", "/api/v1/parser/parse-text", userToken},
                new String[] {"PUT", "/api/v1/features/" + user, userToken},
                new String[] {"POST", "/api/v1/training-events", TOKENS.admin("a", "acme")},
                new String[] {"POST", "/api/v1/consent/recall", userToken},
                new String[] {"POST", "/api/v1/no-such-route", userToken});
        for (String[] route : routes) {
            assertProblem(send(route[0], route[1], route[2], HttpRequest.BodyPublishers.ofByteArray(tooLarge)), 413,
                    "kavsak.http.max-body-size");
            // no Content-Length: the body is counted as it arrives
            assertProblem(send(route[0], route[1], route[2], HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(tooLarge))), 413, "kavsak.http.max-body-size");
        }
        HttpResponse<String> huge = send("PUT", "/api/v1/tenants/limits-acme", operator,
                HttpRequest.BodyPublishers.ofByteArray(jsonOfSize(60 * 1024 * 1024)));
        assertProblem(huge, 413, "larger than 1048576 bytes");
        assertThat(jsonOf(huge).path("title").asText()).isEqualTo("Request body too large");

        // a form body is parsed by the container, not counted here: it must declare its length
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/tenants/limits-acme")).header("Authorization", "Bearer " + operator)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(form, 411, "kavsak.http.max-body-size");

        // within the limit, chunked or not, the route reads the whole body as before
        byte[] fits = ("{\"display_name\": \"Limits " + "y".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = send("PUT", "/api/v1/tenants/limits-acme", operator,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(fits)));
        assertThat(chunked.statusCode()).as(chunked.body()).isIn(200, 201);
        assertThat(jsonOf(call("GET", "/api/v1/tenants/limits-acme", operator, null)).path("display_name").asText())
                .startsWith("Limits yyy").hasSize("Limits ".length() + 1000);
        assertThat(management("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void jsonNestingNumbersAndCollectionsAreBoundedNamingTheLimit() {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, "acme");
        String deep = "{\"features\": " + "[".repeat(40) + "]".repeat(40) + "}";
        assertProblem(call("PUT", "/api/v1/features/" + user, token, deep), 413, "nesting depth");

        ObjectNode features = json.createObjectNode();
        for (int i = 0; i <= 1000; i++) {
            features.put("f" + i, 0.5);
        }
        ObjectNode wide = json.createObjectNode().set("features", features);
        assertProblem(call("PUT", "/api/v1/features/" + user, token, wide.toString()), 413,
                "The JSON object at '/features' has more than 1000 entries (kavsak.http.json.max-collection-size)");

        ObjectNode event = json.createObjectNode().put("user_id", user).put("kind", "click");
        var list = event.putObject("payload").putArray("pages");
        for (int i = 0; i <= 1000; i++) {
            list.add(i);
        }
        assertProblem(call("POST", "/api/v1/training-events", TOKENS.admin("a", "acme"), event.toString()), 413,
                "The JSON array at '/payload/pages' has more than 1000 entries");

        String longNumber = "{\"features\": {\"f\": 0." + "1".repeat(200) + "}}";
        assertProblem(call("PUT", "/api/v1/features/" + user, token, longNumber), 413, "Number value length");

        ObjectNode fits = json.createObjectNode();
        fits.putObject("features").put("payment_timeliness", 0.9);
        assertThat(call("PUT", "/api/v1/features/" + user, token, fits.toString()).statusCode()).isEqualTo(200);
        // malformed JSON is still the route's 400, not a limit
        assertThat(call("PUT", "/api/v1/features/" + user, token, "{\"features\": ").statusCode()).isEqualTo(400);
    }

    @Test
    void synchronousParsingBeyondItsSlotsIsRefusedAtOnceWhileTheRestOfTheHubAnswersQuickly() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, "acme");
        String body = json.createObjectNode().put("user_id", user).put("session_id", "s")
                .put("text", "Senior Java developer with Kafka and PostgreSQL").toString();
        camel.getRouteController().stopRoute("parser-worker");
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                + "/api/v1/parser/parse-text")).timeout(Duration.ofSeconds(90))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    management("/actuator/prometheus", null).body()).contains("kavsak_parser_sync_available 0.0"));

            for (int i = 0; i < 6; i++) {
                long started = System.nanoTime();
                HttpResponse<String> refused = call("POST", "/api/v1/parser/parse-text", token, body);
                assertThat(elapsedMillis(started)).isLessThan(2000);
                assertProblem(refused, 503, "kavsak.parser.sync-max-concurrent");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            }
            long started = System.nanoTime();
            assertThat(call("GET", "/api/v1/parser/stats", token, null).statusCode()).isEqualTo(200);
            assertThat(call("POST", "/api/v1/parser/parse-text-async", token, body).statusCode()).isEqualTo(200);
            assertThat(management("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
            assertThat(management("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
            assertThat(elapsedMillis(started)).as("ordinary requests and probes while sync parsing is full")
                    .isLessThan(3000);
            assertThat(held).allMatch(call -> !call.isDone());
        } finally {
            camel.getRouteController().startRoute("parser-worker");
        }
        for (CompletableFuture<HttpResponse<String>> call : held) {
            HttpResponse<String> answered = call.get(90, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(jsonOf(answered).path("status").asText()).isEqualTo("success");
        }
        assertThat(call("POST", "/api/v1/parser/parse-text", token, body).statusCode()).as("slots given back")
                .isEqualTo(200);
    }

    @Test
    void eventStreamsAreCappedPerTenantAndPerHubAndGiveTheirSlotBack() throws Exception {
        String alice = "user-" + UUID.randomUUID();
        String bob = "user-" + UUID.randomUUID();
        String aliceToken = TOKENS.user(alice, "limits-a");
        String bobToken = TOKENS.user(bob, "limits-b");
        camel.getRouteController().stopRoute("parser-worker");
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        try {
            String a1 = submit(alice, aliceToken);
            String a2 = submit(alice, aliceToken);
            String a3 = submit(alice, aliceToken);
            String b1 = submit(bob, bobToken);
            String b2 = submit(bob, bobToken);
            HttpResponse<InputStream> first = stream(a1, aliceToken);
            streams.add(first);
            streams.add(stream(a2, aliceToken));
            assertThat(streams).allMatch(s -> s.statusCode() == 200);

            HttpResponse<InputStream> tenantFull = stream(a3, aliceToken);
            assertStreamRefused(tenantFull, "kavsak.http.sse.max-per-tenant");
            streams.add(stream(b1, bobToken));
            assertThat(streams.get(2).statusCode()).isEqualTo(200);
            assertStreamRefused(stream(b2, bobToken), "kavsak.http.sse.max-per-hub");

            // a client that goes away frees its slot (found by the next heartbeat)
            first.body().close();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<InputStream> retry = stream(a3, aliceToken);
                if (retry.statusCode() == 200) {
                    streams.add(retry);
                    return true;
                }
                retry.body().close();
                return false;
            });
            assertThat(management("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        } finally {
            camel.getRouteController().startRoute("parser-worker");
        }
        // finished jobs close their streams and free every slot
        for (int i = 1; i < streams.size(); i++) {
            String events = new String(streams.get(i).body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(events).contains("\"status\":\"success\"");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                management("/actuator/prometheus", null).body()).contains("kavsak_sse_streams 0.0"));
    }

    private String submit(String user, String token) {
        HttpResponse<String> response = call("POST", "/api/v1/parser/parse-text-async", token, json.createObjectNode()
                .put("user_id", user).put("session_id", "s").put("text", "Data engineer with Spark").toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response).path("job_id").asText();
    }

    private HttpResponse<InputStream> stream(String jobId, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/parser/job/" + jobId
                        + "/events")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private void assertStreamRefused(HttpResponse<InputStream> response, String setting) throws Exception {
        String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(json.readTree(body).path("detail").asText()).contains(setting);
    }

    private static long elapsedMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
