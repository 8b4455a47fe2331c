package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.HubIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PlatformIT extends HubIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readinessIsUpAndCoversPostgresKafkaAndRedis() throws Exception {
        HttpResponse<String> response = call("GET", "/actuator/health/readiness", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").has("db")).isTrue();
        assertThat(health.path("components").has("redis")).isTrue();
        assertThat(health.path("components").path("kafka").path("status").asText()).isEqualTo("UP");
        assertThat(call("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
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
    void prometheusMetricsIncludeCamelRoutes() {
        HttpResponse<String> response = call("GET", "/actuator/prometheus", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("camel_exchanges");
    }

    @Test
    void integratorsCanReadTheLiveRoutesAsAdmin() {
        HttpResponse<String> routes = call("GET", "/actuator/camelroutes", TOKENS.admin("a", "acme"), null);
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("\"outbox-relay\"").contains("\"event-intake\"").contains("Started");
        assertThat(call("GET", "/actuator/camelroutes", TOKENS.user("u", "acme"), null).statusCode())
                .isEqualTo(403);
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
