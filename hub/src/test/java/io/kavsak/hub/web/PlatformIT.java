package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

class PlatformIT extends HubIntegrationTest {

    private static final String DEPENDENCY_UP = "kavsak_dependency_up\\{[^}]*dependency=\"%s\"[^}]*\\} %s";

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    ApplicationContext context;

    @Test
    void readinessIsPostgresOnlyAndListensOnTheManagementPort() throws Exception {
        HttpResponse<String> anonymous = management("/actuator/health/readiness", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(json.readTree(anonymous.body()).path("status").asText()).isEqualTo("UP");
        assertThat(json.readTree(anonymous.body()).has("components")).as("no details for anonymous callers").isFalse();
        JsonNode readiness = json.readTree(management("/actuator/health/readiness", TOKENS.operator()).body());
        assertThat(readiness.path("components").has("db")).isTrue();
        assertThat(readiness.path("components").has("kafka")).isFalse();
        assertThat(readiness.path("components").has("redis")).isFalse();
        assertThat(management("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/readiness", null, null).statusCode())
                .as("the API port serves no actuator endpoints").isEqualTo(404);
    }

    @Test
    void aReplicaRefusingTrafficIsNotReadyWith503() throws Exception {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            HttpResponse<String> readiness = management("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(json.readTree(readiness.body()).path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
        assertThat(management("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void healthShowsKafkaRedisAndMailOnlyToHubAdminsAndOperators() throws Exception {
        JsonNode anonymous = json.readTree(management("/actuator/health", null).body());
        assertThat(anonymous.path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
        assertThat(json.readTree(management("/actuator/health", TOKENS.user("u", "acme")).body()).has("components"))
                .isFalse();
        assertThat(json.readTree(management("/actuator/health", TOKENS.admin("a", "acme")).body()).has("components"))
                .as("a tenant's admin is not the hub's").isFalse();
        JsonNode health = json.readTree(management("/actuator/health", TOKENS.hubAdmin()).body());
        for (String component : new String[] {"db", "kafka", "redis", "mail"}) {
            assertThat(health.path("components").path(component).path("status").asText()).as(component)
                    .isEqualTo("UP");
        }
        assertThat(health.path("components").path("kafka").path("details").path("brokers").asInt()).isEqualTo(1);
    }

    @Test
    void redisDownIsAReadyDegradedReplicaNotADownOne() throws Exception {
        String admin = TOKENS.hubAdmin();
        services().stopRedis();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> response = management("/actuator/health", admin);
                assertThat(response.statusCode()).isEqualTo(200);
                JsonNode health = json.readTree(response.body());
                assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
                assertThat(health.path("components").path("redis").path("status").asText()).isEqualTo("DEGRADED");
                assertThat(health.path("components").path("kafka").path("status").asText()).isEqualTo("UP");
                assertThat(management("/actuator/prometheus", null).body()).containsPattern(DEPENDENCY_UP
                        .formatted("redis", "0.0")).containsPattern(DEPENDENCY_UP.formatted("kafka", "1.0"));
            });
            HttpResponse<String> readiness = management("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(json.readTree(readiness.body()).path("status").asText()).isEqualTo("UP");
        } finally {
            services().startRedis();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(json.readTree(
                management("/actuator/health", admin).body()).path("status").asText()).isEqualTo("UP"));
    }

    @Test
    void openApiDocumentDescribesTheRestRoutes() throws Exception {
        HttpResponse<String> response = call("GET", "/api/openapi.json", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = json.readTree(response.body());
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("paths").has("/api/v1/tenants/{tenantId}")).isTrue();
    }

    @Test
    void prometheusMetricsIncludeCamelRoutesAndDependencies() {
        HttpResponse<String> response = management("/actuator/prometheus", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("camel_exchanges");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                management("/actuator/prometheus", null).body())
                .containsPattern(DEPENDENCY_UP.formatted("kafka", "1.0"))
                .containsPattern(DEPENDENCY_UP.formatted("mail", "1.0")));
    }

    @Test
    void integratorsCanReadTheLiveRoutesAsHubAdminOnTheManagementPort() {
        HttpResponse<String> routes = management("/actuator/camelroutes", TOKENS.hubAdmin());
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("\"outbox-relay\"").contains("\"event-intake\"").contains("Started");
        assertThat(management("/actuator/camelroutes", TOKENS.user("u", "acme")).statusCode()).isEqualTo(403);
        assertThat(management("/actuator/camelroutes", TOKENS.admin("a", "acme")).statusCode())
                .as("a tenant's admin does not see every tenant's routes").isEqualTo(403);
        assertThat(management("/actuator/metrics", TOKENS.admin("a", "acme")).statusCode()).isEqualTo(403);
        assertThat(management("/actuator/camelroutes", TOKENS.operator()).statusCode()).isEqualTo(403);
        assertThat(management("/actuator/camelroutes", null).statusCode()).isEqualTo(401);
        assertThat(management("/actuator/metrics", TOKENS.user("u", "acme")).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/actuator/camelroutes", TOKENS.hubAdmin(), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void apiWithoutTokenIsAProblem401() throws Exception {
        HttpResponse<String> response = call("GET", "/api/v1/tenants/acme", null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void forgedTokenIsRejected() {
        String forged = new io.kavsak.hub.dev.DevTokens("some-other-secret-that-is-long-enough-0123")
                .token("mallory", "acme", java.util.List.of("admin", "operator"), java.time.Duration.ofMinutes(5));
        assertThat(call("GET", "/api/v1/tenants/acme", forged, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aCorrectlySignedAdminTokenWithoutExpIsRefused() throws Exception {
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("a").claim("tenant_id", "acme")
                        .claim("roles", java.util.List.of("admin", "operator")).build());
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        HttpResponse<String> response = call("GET", "/api/v1/tenants/acme/recalls", jwt.serialize(), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void unknownPathIsAProblem404NotAStackTraceOrHtml() throws Exception {
        HttpResponse<String> response = call("GET", "/api/v1/no-such-thing", TOKENS.admin("a", "acme"), null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("title").asText()).isNotBlank();
    }

    @Test
    void callerIdentityHeadersSentByTheClientAreNotTrusted() {
        // a user token claiming to be the operator through a header must still be refused tenant writes
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/v1/tenants/other"))
                .header("Authorization", "Bearer " + TOKENS.user("u", "acme"))
                .header("X-Kavsak-Roles", "operator")
                .header("X-Kavsak-Tenant", "other")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"display_name\":\"x\"}")).build();
        try {
            int status = java.net.http.HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(status).isEqualTo(403);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
