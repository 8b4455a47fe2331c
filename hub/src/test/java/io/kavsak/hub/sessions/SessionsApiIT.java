package io.kavsak.hub.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The session store over REST on the real hub and Redis: roles, tenant scope, recall, and a Redis outage. */
class SessionsApiIT extends HubIntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    private String newTenant() {
        String tenant = "ss-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        return tenant;
    }

    private static String service(String tenant) {
        return TOKENS.token("backend", tenant, List.of("service"), Duration.ofMinutes(10));
    }

    private HttpResponse<String> remember(String tenant, String jti, String user, Instant expiresAt) {
        return call("POST", "/api/v1/sessions", service(tenant), "{\"jti\": \"" + jti + "\", \"user_id\": \"" + user
                + "\", \"expires_at\": \"" + expiresAt + "\"}");
    }

    private boolean active(String tenant, String jti) {
        HttpResponse<String> response = call("GET", "/api/v1/sessions/" + jti, service(tenant), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response).path("active").asBoolean();
    }

    @Test
    void backEndRemembersChecksRevokesAndRevokesAll() {
        String tenant = newTenant();
        Instant exp = Instant.now().plusSeconds(3600);
        HttpResponse<String> remembered = remember(tenant, "j-1", "ayse", exp);
        assertThat(remembered.statusCode()).as(remembered.body()).isEqualTo(201);
        assertThat(jsonOf(remembered).path("active").asBoolean()).isTrue();
        remember(tenant, "j-2", "ayse", exp);
        remember(tenant, "j-3", "ayse", exp);
        remember(tenant, "j-9", "mehmet", exp);
        assertThat(redis.opsForValue().get("refresh:{" + tenant + "}:j-1"))
                .isEqualTo("{\"uid\":\"ayse\",\"exp\":\"" + exp + "\"}");

        assertThat(active(tenant, "j-1")).isTrue();
        assertThat(active(tenant, "never-issued")).isFalse();

        HttpResponse<String> revoked = call("DELETE", "/api/v1/sessions/j-1", service(tenant), null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(jsonOf(revoked).path("revoked").asBoolean()).isTrue();
        assertThat(jsonOf(call("DELETE", "/api/v1/sessions/j-1", service(tenant), null)).path("revoked").asBoolean())
                .isFalse();
        assertThat(active(tenant, "j-1")).isFalse();

        HttpResponse<String> all = call("DELETE", "/api/v1/users/ayse/sessions", service(tenant), null);
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(jsonOf(all).path("revoked").asLong()).isEqualTo(2);
        assertThat(active(tenant, "j-2")).isFalse();
        assertThat(active(tenant, "j-3")).isFalse();
        assertThat(active(tenant, "j-9")).isTrue();
        assertThat(redis.hasKey("refresh_user:{" + tenant + "}:ayse")).isFalse();
    }

    @Test
    void onlyServicesOfTheCallersOwnTenantUseTheStore() throws Exception {
        String tenant = newTenant();
        String other = newTenant();
        remember(tenant, "j-a", "can", Instant.now().plusSeconds(600));

        String body = "{\"jti\": \"x\", \"user_id\": \"can\", \"expires_at\": \"" + Instant.now().plusSeconds(60) + "\"}";
        for (String token : List.of(TOKENS.user("can", tenant), TOKENS.admin("adm", tenant), TOKENS.operator())) {
            HttpResponse<String> response = call("POST", "/api/v1/sessions", token, body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(call("GET", "/api/v1/sessions/j-a", null, null).statusCode()).isEqualTo(401);

        // a service of a tenant nobody registered stores no session
        String unregistered = "ss-none-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> refused = remember(unregistered, "j-u", "can", Instant.now().plusSeconds(600));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(redis.hasKey("refresh:{" + unregistered + "}:j-u")).isFalse();

        // another tenant's service neither sees nor revokes the session, whatever it claims in headers or query
        HttpRequest spoofed = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/sessions/j-a?tenantId=" + tenant + "&tenant_id=" + tenant))
                .header("Authorization", "Bearer " + service(other))
                .header("X-Tenant-Id", tenant).header("tenantId", tenant).header("tenant_id", tenant)
                .GET().build();
        HttpResponse<String> seen = HttpClient.newHttpClient().send(spoofed, HttpResponse.BodyHandlers.ofString());
        assertThat(jsonOf(seen).path("active").asBoolean()).as(seen.body()).isFalse();
        assertThat(jsonOf(call("DELETE", "/api/v1/users/can/sessions", service(other), null)).path("revoked")
                .asLong()).isZero();
        assertThat(active(tenant, "j-a")).isTrue();
    }

    @Test
    void invalidRequestsAreProblems() {
        String tenant = newTenant();
        remember(tenant, "j-taken", "deniz", Instant.now().plusSeconds(600));
        Map<String, Integer> cases = Map.of(
                "{\"jti\": \"j\", \"user_id\": \"u\"}", 400,
                "{\"jti\": \"j{x}\", \"user_id\": \"u\", \"expires_at\": \"2099-01-01T00:00:00Z\"}", 400,
                "{\"jti\": \"j\", \"user_id\": \"u\", \"expires_at\": \"2001-01-01T00:00:00Z\"}", 400,
                "{\"jti\": \"j\", \"user_id\": \"u\", \"expires_at\": \"tomorrow\"}", 400,
                "{\"jti\": \"j-taken\", \"user_id\": \"other\", \"expires_at\": \"2099-01-01T00:00:00Z\"}", 409);
        cases.forEach((body, status) -> {
            HttpResponse<String> response = call("POST", "/api/v1/sessions", service(tenant), body);
            assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(status);
            assertThat(jsonOf(response).path("status").asInt()).isEqualTo(status);
        });
    }

    @Test
    void recallLogsTheUserOutEverywhere() {
        String tenant = newTenant();
        Instant exp = Instant.now().plusSeconds(3600);
        remember(tenant, "r-1", "elif", exp);
        remember(tenant, "r-2", "elif", exp);
        remember(tenant, "r-3", "zeynep", exp);

        HttpResponse<String> requested = call("POST", "/api/v1/consent/recall", TOKENS.user("elif", tenant),
                "{\"mode\": \"ANONYMIZE\"}");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        String recallId = jsonOf(requested).path("id").asText();
        JsonNode[] done = {null};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            done[0] = jsonOf(call("GET", "/api/v1/tenants/" + tenant + "/recalls/" + recallId,
                    TOKENS.admin("adm", tenant), null));
            assertThat(done[0].path("state").asText()).as(done[0].toString()).isEqualTo("COMPLETED");
        });
        JsonNode sessionsStep = null;
        for (JsonNode entry : done[0].path("audit")) {
            if (entry.path("target").asText().equals("sessions")) {
                sessionsStep = entry;
            }
        }
        assertThat(sessionsStep).as(done[0].toString()).isNotNull();
        assertThat(sessionsStep.path("rows_affected").asLong()).isEqualTo(2);
        assertThat(active(tenant, "r-1")).isFalse();
        assertThat(active(tenant, "r-2")).isFalse();
        assertThat(active(tenant, "r-3")).isTrue();
        assertThat(redis.keys("*{" + tenant + "}*")).containsExactlyInAnyOrder(
                "refresh:{" + tenant + "}:r-3", "refresh_user:{" + tenant + "}:zeynep");
    }

    @Test
    void theOpenApiDocumentDescribesTheBodies() {
        JsonNode openapi = jsonOf(call("GET", "/api/openapi.json", null, null));
        assertThat(openapi.at("/paths/~1api~1v1~1sessions/post/responses/201").isMissingNode()).as(openapi.at("/paths")
                .toString()).isFalse();
        assertThat(openapi.at("/paths/~1api~1v1~1users~1{userId}~1sessions/delete/responses/503").isMissingNode())
                .isFalse();
        assertThat(openapi.at("/components/schemas").toString()).contains("RememberSession", "expires_at");
    }

    @Test
    void healthNamesTheStoreInUse() {
        HttpResponse<String> health = management("/actuator/health", TOKENS.hubAdmin());
        assertThat(jsonOf(health).at("/components/sessions/details/store").asText()).as(health.body())
                .isEqualTo("redis");
    }

    @Test
    void aRedisOutageAnswers503WithRetryAfterNever401AndSessionsSurviveIt() {
        String tenant = newTenant();
        remember(tenant, "o-1", "kerem", Instant.now().plusSeconds(3600));
        assertThat(active(tenant, "o-1")).isTrue();
        services().stopRedis();
        try {
            for (HttpResponse<String> response : List.of(
                    call("GET", "/api/v1/sessions/o-1", service(tenant), null),
                    remember(tenant, "o-2", "kerem", Instant.now().plusSeconds(3600)),
                    call("DELETE", "/api/v1/sessions/o-1", service(tenant), null),
                    call("DELETE", "/api/v1/users/kerem/sessions", service(tenant), null))) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(response.body()).doesNotContain("\"active\":true");
            }
        } finally {
            services().startRedis();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> response = call("GET", "/api/v1/sessions/o-1", service(tenant), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(jsonOf(response).path("active").asBoolean()).as("a valid session is still valid").isTrue();
        });
        assertThat(active(tenant, "o-2")).as("nothing was remembered during the outage").isFalse();
    }
}
