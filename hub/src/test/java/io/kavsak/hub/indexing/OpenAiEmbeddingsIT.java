package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kavsak.hub.events.ServiceOutageException;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.OwnHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code kavsak.indexing.embedder=openai} against a local server that speaks OpenAI's {@code POST /v1/embeddings}
 * wire format (it plays the third party): records indexed under the API's model, searchable; the API down and
 * answering 503 is waited out; a bad key fails with its status; another model re-embeds on
 * {@code schema.index.requested} and search never returns the old model's vectors.
 */
@Import(OpenAiEmbeddingsIT.SwitchableModel.class)
class OpenAiEmbeddingsIT extends HubIntegrationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String KEY = "sk-test-" + RUN;
    private static final FakeEmbeddingsApi API = new FakeEmbeddingsApi();

    @DynamicPropertySource
    static void openAi(DynamicPropertyRegistry registry) {
        registry.add("kavsak.indexing.embedder", () -> "openai");
        registry.add("kavsak.indexing.openai.base-url", API::baseUrl);
        registry.add("kavsak.indexing.openai.api-key", () -> KEY);
        registry.add("kavsak.indexing.openai.model-name", () -> "words-v1");
        registry.add("kavsak.indexing.openai.timeout", () -> "5s");
        registry.add("kavsak.events.outage.initial-delay-ms", () -> "200");
        registry.add("kavsak.events.outage.maximum-delay-ms", () -> "1000");
        // a hub of its own in the test JVM: the shared hubs would embed the same events with MiniLM
        OwnHub.isolate(registry, "openai-embeddings");
    }

    @AfterAll
    static void stopApi() {
        API.stop();
    }

    /**
     * The configured embedder (built by {@link IndexingConfig} from the properties above) behind a switch, so the
     * test can change the model the way a redeploy with another {@code model-name} would, in the same context.
     */
    @TestConfiguration
    static class SwitchableModel {
        @Bean
        @Primary
        SwitchableEmbedder switchableEmbedder(@Qualifier("textEmbedder") TextEmbedder configured) {
            return new SwitchableEmbedder(configured);
        }
    }

    static final class SwitchableEmbedder implements TextEmbedder {
        private volatile TextEmbedder current;

        SwitchableEmbedder(TextEmbedder configured) {
            this.current = configured;
        }

        void use(TextEmbedder embedder) {
            current = embedder;
        }

        TextEmbedder current() {
            return current;
        }

        @Override
        public String model() {
            return current.model();
        }

        @Override
        public int dimension() {
            return current.dimension();
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return current.embedAll(texts);
        }
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SwitchableEmbedder embedder;

    private String create(String path, String token, String body) {
        HttpResponse<String> response = call("POST", path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response).path("id").asText();
    }

    private String column(String admin, String objectId, String name, String type, String logical, String description) {
        return create("/api/v1/catalog/objects/" + objectId + "/columns", admin, """
                {"column_name": "%s", "data_type": "%s", "logical_type": "%s", "description": "%s", "is_pii": false}"""
                .formatted(name, type, logical, description));
    }

    private Map<String, String> models(String tenant) {
        Map<String, String> rows = new ConcurrentHashMap<>();
        jdbc.query("select record_id, model from indexing.vectors where tenant_id = ?",
                rs -> { rows.put(rs.getString(1), rs.getString(2)); }, tenant);
        return rows;
    }

    private JsonNode search(String token, String question) {
        HttpResponse<String> response = call("POST", "/api/v1/search", token,
                "{\"question\": \"" + question + "\", \"collections\": [\"schema_columns\"], \"k\": 3}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response);
    }

    private static List<String> recordIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("hits").forEach(hit -> ids.add(hit.path("record_id").asText()));
        return ids;
    }

    @Test
    void recordsAreEmbeddedByTheApiOutagesWaitedOutAndAnotherModelReEmbedsWithoutMixing() {
        assertThat(embedder.current()).isInstanceOf(OpenAiEmbedder.class);
        assertThat(embedder.model()).isEqualTo("openai:words-v1");

        String tenant = "oai-" + RUN;
        registerTenant(tenant);
        String admin = TOKENS.admin("admin-1", tenant);
        String user = TOKENS.user("nl2sql", tenant);
        String orders = create("/api/v1/catalog/objects", admin, """
                {"datasource_id": "ds-1", "object_name": "sales.orders", "display_name": "Orders",
                 "description": "One row per customer order"}""");
        String country = column(admin, orders, "shipping_country", "text", "country", "Country the order ships to");
        String total = column(admin, orders, "order_total", "numeric(12,2)", "currency", "Order total including VAT");
        String placed = column(admin, orders, "placed_at", "timestamptz", "timestamp", "When the customer ordered");

        // 1 object and 3 columns, each embedded by the API under its model, with the configured key
        await().atMost(Duration.ofSeconds(60)).until(() -> models(tenant).size() == 4);
        assertThat(models(tenant).values()).containsOnly("openai:words-v1");
        assertThat(API.authorizations).containsOnly("Bearer " + KEY);
        assertThat(API.textsByModel.get("words-v1").get()).isGreaterThanOrEqualTo(4);
        JsonNode answer = await().atMost(Duration.ofSeconds(10))
                .until(() -> search(user, "which country does the order ship to"),
                        a -> !recordIds(a).isEmpty() && recordIds(a).get(0).equals(country));
        assertThat(answer.path("model").asText()).isEqualTo("openai:words-v1");

        // the API answers 503, then is down altogether: the change event is retried, not dead-lettered
        API.failWith(503);
        int failedBefore = API.failures.get();
        assertThat(call("PUT", "/api/v1/catalog/columns/" + total, admin, """
                {"column_name": "order_total", "data_type": "numeric(12,2)", "logical_type": "currency",
                 "description": "Gross amount the customer paid"}""").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> API.failures.get() >= failedBefore + 2);
        API.stop();
        // meanwhile a search cannot embed its question: 503 with Retry-After, not a 500
        HttpResponse<String> unavailable = call("POST", "/api/v1/search", user, "{\"question\": \"order country\"}");
        assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
        sleep(Duration.ofSeconds(3));
        assertThat(jdbc.queryForObject("select content from indexing.vectors where record_id = ?", String.class,
                total)).doesNotContain("Gross amount");
        API.start();
        API.failWith(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select content from indexing.vectors where record_id = ?", String.class, total)
                .contains("Gross amount"));
        assertThat(jdbc.queryForObject("select count(*) from dead_letter where tenant_id = ?", Integer.class, tenant))
                .isZero();

        // a bad key is refused with its status, and is no outage to wait out
        OpenAiEmbedder badKey = new OpenAiEmbedder(API.baseUrl(), "sk-wrong", "words-v1", null, Duration.ofSeconds(5));
        assertThatThrownBy(() -> badKey.embed("anything")).isInstanceOf(OpenAiEmbedder.EmbeddingRejectedException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("Incorrect API key");
        // a bad key in the hub: the search answers 502, and a change event fails with the status, after bounded
        // redelivery, into dead_letter (it is not an outage to wait out)
        TextEmbedder configured = embedder.current();
        embedder.use(badKey);
        HttpResponse<String> refused = call("POST", "/api/v1/search", user, "{\"question\": \"order country\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
        assertThat(jsonOf(refused).path("detail").asText()).contains("HTTP 401");
        assertThat(call("PUT", "/api/v1/catalog/columns/" + placed, admin, """
                {"column_name": "placed_at", "data_type": "timestamptz", "logical_type": "timestamp",
                 "description": "When the customer placed the order"}""").statusCode()).isEqualTo(200);
        String reason = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "select reason from dead_letter where tenant_id = ?", String.class, tenant), r -> !r.isEmpty()).get(0);
        assertThat(reason).contains("HTTP 401");
        // a full index meanwhile (the changed column needs embedding): retried, then dead-lettered, so failed
        String refusedJob = indexJobId(call("POST", "/api/v1/catalog/index", admin, "{\"datasource_ids\": [\"ds-1\"]}"));
        assertThat(awaitJob(admin, refusedJob, "retrying").path("error").asText()).startsWith("Attempt failed, retried")
                .contains("HTTP 401");
        JsonNode refusedIndex = awaitJob(admin, refusedJob, "failed");
        assertThat(refusedIndex.path("error").asText()).contains("HTTP 401");
        assertThat(refusedIndex.path("finished_at").isNull()).isFalse();
        embedder.use(configured);

        API.stop();
        OpenAiEmbedder down = new OpenAiEmbedder(API.baseUrl(), KEY, "words-v1", null, Duration.ofSeconds(5));
        assertThatThrownBy(() -> down.embed("anything")).isInstanceOf(ServiceOutageException.class);
        API.start();

        // another model of the same dimensions: search at once finds nothing of the old model's, and the next full index re-embeds
        // every record (same text, new model: a new content hash); search then finds the new model's vectors
        embedder.use(new OpenAiEmbedder(API.baseUrl(), KEY, "words-v2", 64, Duration.ofSeconds(5)));
        assertThat(embedder.model()).isEqualTo("openai:words-v2/64");
        JsonNode stale = search(user, "which country does the order ship to");
        assertThat(stale.path("model").asText()).isEqualTo("openai:words-v2/64");
        assertThat(stale.path("hits")).isEmpty();
        int embeddedBefore = API.textsByModel.get("words-v2").get();
        // the API answers 503 at first: the full index's job says it waits the outage out, then finishes
        API.failWith(503);
        String job = indexJobId(call("POST", "/api/v1/catalog/index", admin, "{\"datasource_ids\": [\"ds-1\"]}"));
        assertThat(awaitJob(admin, job, "retrying").path("error").asText()).startsWith("Waiting out an outage")
                .contains("embeddings API", "is unavailable");
        API.failWith(0);
        JsonNode reindexed = awaitJob(admin, job, "done");
        assertThat(reindexed.path("records_total").asInt()).isEqualTo(4);
        assertThat(reindexed.path("embedded").asInt()).isEqualTo(4);
        assertThat(reindexed.path("error").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> models(tenant).values().stream()
                .allMatch("openai:words-v2/64"::equals));
        assertThat(models(tenant)).containsOnlyKeys(orders, country, total, placed);
        assertThat(API.textsByModel.get("words-v2").get() - embeddedBefore).isEqualTo(4);
        assertThat(API.dimensionsAsked).contains(64);
        JsonNode fresh = await().atMost(Duration.ofSeconds(10))
                .until(() -> search(user, "which country does the order ship to"),
                        a -> !recordIds(a).isEmpty() && recordIds(a).get(0).equals(country));
        assertThat(fresh.path("model").asText()).isEqualTo("openai:words-v2/64");
        assertThat(recordIds(search(user, "when was the order placed"))).first().isEqualTo(placed);
    }

    private static String indexJobId(HttpResponse<String> accepted) {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return jsonOf(accepted).path("job_id").asText();
    }

    private JsonNode awaitJob(String token, String jobId, String status) {
        return jsonOf(await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                call("GET", "/api/v1/catalog/index-jobs/" + jobId, token, null), response -> response.statusCode() == 200
                && status.equals(jsonOf(response).path("status").asText())));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * OpenAI's embeddings endpoint as a third party would serve it: {@code POST /v1/embeddings} with
     * {@code {"model", "input": [...], "encoding_format"?, "dimensions"?}}, answered with
     * {@code {"object": "list", "data": [{"object": "embedding", "index", "embedding"}], "model", "usage"}}.
     * The vectors are a normalised hashed bag of words (the model name seeds the hash, so two models
     * disagree), deterministic and good enough for word-overlap search.
     */
    static final class FakeEmbeddingsApi {
        private static final ObjectMapper JSON = new ObjectMapper();
        final Map<String, AtomicInteger> textsByModel = new ConcurrentHashMap<>();
        final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Integer> dimensionsAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        private volatile int failWith;
        private int port;
        private HttpServer server;

        FakeEmbeddingsApi() {
            start();
        }

        synchronized void start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/v1/embeddings", this::handle);
            server.start();
            port = server.getAddress().getPort();
        }

        synchronized void stop() {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port + "/v1";
        }

        void failWith(int status) {
            failWith = status;
        }

        private void handle(HttpExchange exchange) throws IOException {
            try {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (!"POST".equals(exchange.getRequestMethod())) {
                    answer(exchange, 405, error("Method not allowed", "invalid_request_error", null));
                    return;
                }
                if (!("Bearer " + KEY).equals(authorization)) {
                    answer(exchange, 401, error("Incorrect API key provided.", "invalid_request_error",
                            "invalid_api_key"));
                    return;
                }
                authorizations.add(authorization);
                if (failWith != 0) {
                    failures.incrementAndGet();
                    answer(exchange, failWith, error("The server is overloaded", "server_error", null));
                    return;
                }
                String model = request.path("model").asText();
                int dimensions = request.has("dimensions") ? request.path("dimensions").asInt() : 64;
                if (request.has("dimensions")) {
                    dimensionsAsked.add(dimensions);
                }
                ObjectNode body = JSON.createObjectNode().put("object", "list");
                ArrayNode data = body.putArray("data");
                int tokens = 0;
                JsonNode input = request.path("input");
                for (int i = 0; i < input.size(); i++) {
                    String text = input.get(i).asText();
                    tokens += text.split("\\s+").length;
                    ArrayNode vector = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
                    for (float v : bagOfWords(model, text, dimensions)) {
                        vector.add(v);
                    }
                }
                textsByModel.computeIfAbsent(model, m -> new AtomicInteger()).addAndGet(input.size());
                body.put("model", model);
                body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
                answer(exchange, 200, body);
            } finally {
                exchange.close();
            }
        }

        static float[] bagOfWords(String model, String text, int dimensions) {
            float[] vector = new float[dimensions];
            for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (!word.isEmpty()) {
                    vector[Math.floorMod((model + ":" + word).hashCode(), dimensions)] += 1;
                }
            }
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            for (int i = 0; i < dimensions && norm > 0; i++) {
                vector[i] /= (float) Math.sqrt(norm);
            }
            return vector;
        }

        private static ObjectNode error(String message, String type, String code) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
            return body;
        }

        private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
