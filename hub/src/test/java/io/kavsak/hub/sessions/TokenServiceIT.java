package io.kavsak.hub.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import io.kavsak.hub.web.HubSigningKey;
import io.kavsak.hub.web.SecurityProperties;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The token service on the real hub and Redis: rotation, 50 racing refreshes, reuse after the grace window
 * (family revoked, event on Kafka), lifetimes, logout, a Redis outage, and hub-signed tokens checked with the JWKS.
 */
class TokenServiceIT extends HubIntegrationTest {

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    HubSigningKey key;
    @Autowired
    SecurityProperties security;
    @Autowired
    ObjectMapper json;

    private String newTenant() {
        String tenant = "tk-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        return tenant;
    }

    private static String service(String tenant) {
        return TOKENS.token("backend", tenant, List.of("service"), Duration.ofMinutes(10));
    }

    private JsonNode login(String tenant, String user) {
        HttpResponse<String> response = call("POST", "/api/v1/auth/tokens", service(tenant),
                "{\"user_id\": \"" + user + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response);
    }

    private HttpResponse<String> refresh(String refreshToken) {
        return call("POST", "/api/v1/auth/refresh", null, "{\"refresh_token\": \"" + refreshToken + "\"}");
    }

    private JsonNode refreshed(String refreshToken) {
        HttpResponse<String> response = refresh(refreshToken);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response);
    }

    private void assertRefused(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(jsonOf(response).path("detail").asText()).contains(detail);
    }

    private boolean active(String tenant, String sessionId) {
        HttpResponse<String> response = call("GET", "/api/v1/sessions/" + sessionId, service(tenant), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response).path("active").asBoolean();
    }

    @Test
    void aRefreshRotatesThePairAndTheAccessTokenOpensTheApi() {
        String tenant = newTenant();
        JsonNode first = login(tenant, "ayse");
        String sessionId = first.path("session_id").asText();
        assertThat(first.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(first.path("expires_in").asLong()).isEqualTo(900);
        assertThat(first.path("refresh_token").asText()).startsWith("kvr." + tenant + "." + sessionId + ".");
        assertThat(active(tenant, sessionId)).isTrue();
        assertThat(redis.opsForZSet().score("refresh_user:{" + tenant + "}:ayse", sessionId)).isNotNull();
        // Redis holds hashes of refresh tokens, never a token itself outside the grace window's successor
        assertThat(redis.opsForHash().values("refresh_family:{" + tenant + "}:" + sessionId).toString())
                .doesNotContain(first.path("refresh_token").asText());

        HttpResponse<String> api = call("GET", "/api/v1/consent/recall/status", first.path("access_token").asText(),
                null);
        assertThat(api.statusCode()).as(api.body()).isEqualTo(200);

        JsonNode second = refreshed(first.path("refresh_token").asText());
        assertThat(second.path("refresh_token").asText()).isNotEqualTo(first.path("refresh_token").asText());
        assertThat(second.path("access_token").asText()).isNotEqualTo(first.path("access_token").asText());
        assertThat(second.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(second.path("session_expires_at").asText()).isEqualTo(first.path("session_expires_at").asText());
        JsonNode third = refreshed(second.path("refresh_token").asText());
        assertThat(third.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(call("GET", "/api/v1/consent/recall/status", third.path("access_token").asText(), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void fiftyRacingRefreshesWithOneTokenAllGetTheSameSuccessorAndTheFamilyGoesOn() throws Exception {
        String tenant = newTenant();
        JsonNode first = login(tenant, "racer");
        String token = first.path("refresh_token").asText();
        int racers = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return refresh(token);
                }));
            }
            start.countDown();
            Set<String> refreshTokens = new HashSet<>();
            Set<String> accessTokens = new HashSet<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as("nobody is logged out: " + response.body()).isEqualTo(200);
                refreshTokens.add(jsonOf(response).path("refresh_token").asText());
                accessTokens.add(jsonOf(response).path("access_token").asText());
            }
            assertThat(refreshTokens).as("every caller got the same successor").hasSize(1);
            assertThat(accessTokens).hasSize(1);
            JsonNode next = refreshed(refreshTokens.iterator().next());
            assertThat(next.path("session_id").asText()).isEqualTo(first.path("session_id").asText());
        } finally {
            pool.shutdownNow();
        }
        assertThat(redis.keys("refresh_family:{" + tenant + "}:*")).as("no second family").hasSize(1);
        assertThat(redis.keys("refresh:{" + tenant + "}:*")).hasSize(1);
        assertThat(active(tenant, first.path("session_id").asText())).isTrue();
    }

    @Test
    void aTokenReplayedAfterTheGraceWindowRevokesTheWholeFamilyAndIsAnnouncedOnKafka() throws Exception {
        String tenant = newTenant();
        JsonNode first = login(tenant, "mallory-victim");
        String sessionId = first.path("session_id").asText();
        String stolen = first.path("refresh_token").asText();
        JsonNode second = refreshed(stolen);
        JsonNode third = refreshed(second.path("refresh_token").asText());
        Thread.sleep(5_500); // past kavsak.sessions.tokens.grace-period (5s in the tests)

        assertRefused(refresh(stolen), "already used");
        assertRefused(refresh(third.path("refresh_token").asText()), "not valid");
        assertThat(active(tenant, sessionId)).isFalse();
        assertThat(redis.keys("*{" + tenant + "}*")).as("nothing of the family is left").isEmpty();

        List<ConsumerRecord<String, String>> seen = new KafkaProbe(services().kafka().getBrokersAsString())
                .readUntil("session.reuse.detected", r -> r.value().contains(sessionId), Duration.ofSeconds(60));
        ConsumerRecord<String, String> record = seen.get(seen.size() - 1);
        JsonNode event = jsonOf(record.value());
        assertThat(event.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(event.path("user_id").asText()).isEqualTo("mallory-victim");
        assertThat(event.path("family_id").asText()).isEqualTo(sessionId);
        assertThat(event.path("detected_at").asText()).isNotBlank();
        assertThat(record.value()).doesNotContain(stolen, second.path("refresh_token").asText(),
                third.path("access_token").asText());
    }

    private static JsonNode jsonOf(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    @Test
    void logoutAndRevokeAllEndTheFamily() {
        String tenant = newTenant();
        JsonNode login = login(tenant, "elif");
        JsonNode rotated = refreshed(login.path("refresh_token").asText());
        HttpResponse<String> logout = call("POST", "/api/v1/auth/logout", null,
                "{\"refresh_token\": \"" + rotated.path("refresh_token").asText() + "\"}");
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
        assertRefused(refresh(rotated.path("refresh_token").asText()), "not valid");
        assertThat(active(tenant, login.path("session_id").asText())).isFalse();
        assertThat(redis.hasKey("refresh_user:{" + tenant + "}:elif")).isFalse();
        assertRefused(call("POST", "/api/v1/auth/logout", null,
                "{\"refresh_token\": \"" + rotated.path("refresh_token").asText() + "\"}"), "not valid");

        // the seed's revoke-all (and so recall) ends token families too
        JsonNode other = login(tenant, "elif");
        assertThat(call("DELETE", "/api/v1/users/elif/sessions", service(tenant), null).statusCode()).isEqualTo(200);
        assertRefused(refresh(other.path("refresh_token").asText()), "revoked");
    }

    @Test
    void aRefreshAfterTheTenantWasDeactivatedEndsTheLoginAndIsRefusedLikeAnUnknownToken() {
        String tenant = newTenant();
        JsonNode login = login(tenant, "deniz");
        String sessionId = login.path("session_id").asText();
        assertThat(call("DELETE", "/api/v1/tenants/" + tenant, TOKENS.operator(), null).statusCode()).isEqualTo(204);

        HttpResponse<String> refused = refresh(login.path("refresh_token").asText());
        HttpResponse<String> unknown = refresh("kvr." + tenant + "." + UUID.randomUUID() + ".Zm9yZ2Vk");
        assertRefused(refused, "not valid");
        assertRefused(unknown, "not valid");
        // no oracle on the tenant's state: the same answer as for a token nobody issued
        assertThat(jsonOf(refused).path("detail")).isEqualTo(jsonOf(unknown).path("detail"));
        // the login is over, not merely refused once
        assertThat(active(tenant, sessionId)).isFalse();
        assertRefused(refresh(login.path("refresh_token").asText()), "not valid");
    }

    @Test
    void refusedTokensAre401ThatDoNotSayWhetherAnotherTenantHasThem() {
        String tenant = newTenant();
        String other = newTenant();
        String token = login(tenant, "can").path("refresh_token").asText();
        String moved = token.replace("kvr." + tenant + ".", "kvr." + other + ".");
        HttpResponse<String> foreign = refresh(moved);
        HttpResponse<String> garbage = refresh("kvr.nope.x.y");
        assertRefused(foreign, "not valid");
        assertRefused(garbage, "not valid");
        assertThat(jsonOf(foreign).path("detail").asText()).isEqualTo(jsonOf(garbage).path("detail").asText());
        assertThat(refresh(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A")).statusCode())
                .isEqualTo(401);
        assertThat(refreshed(token).path("session_id").asText()).as("a forged sibling revoked nothing").isNotBlank();

        assertThat(call("POST", "/api/v1/auth/refresh", null, "{}").statusCode()).isEqualTo(400);
        for (String caller : List.of(TOKENS.user("can", tenant), TOKENS.admin("adm", tenant))) {
            assertThat(call("POST", "/api/v1/auth/tokens", caller, "{\"user_id\": \"can\"}").statusCode())
                    .isEqualTo(403);
        }
        assertThat(call("POST", "/api/v1/auth/tokens", null, "{\"user_id\": \"can\"}").statusCode()).isEqualTo(401);
        // a service of an unregistered tenant issues nothing
        assertThat(call("POST", "/api/v1/auth/tokens", service("tk-none-" + UUID.randomUUID().toString()
                .substring(0, 6)), "{\"user_id\": \"can\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void absoluteAndIdleLifetimesEndTheFamily() throws Exception {
        String tenant = newTenant();
        TokenService shortLived = new TokenService(redis, key, new TokenProperties(Duration.ofMinutes(15),
                Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofSeconds(1)), security,
                (t, u, f, at) -> { }, json, Clock.systemUTC());

        TokenPair idle = shortLived.issue(tenant, "idler");
        Thread.sleep(4_000);
        assertThatThrownBy(() -> shortLived.refresh(idle.refreshToken()))
                .isInstanceOfSatisfying(TokenService.RefreshRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(TokenService.Refusal.EXPIRED_IDLE));

        TokenPair busy = shortLived.issue(tenant, "busy");
        long started = System.nanoTime();
        String current = busy.refreshToken();
        TokenService.RefreshRefusedException refused = null;
        while (refused == null && System.nanoTime() - started < 20_000_000_000L) {
            Thread.sleep(1_000); // inside the idle lifetime every time
            try {
                current = shortLived.refresh(current).refreshToken();
            } catch (TokenService.RefreshRefusedException e) {
                refused = e;
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        assertThat(refused).as("refreshed for %.1f s", elapsed).isNotNull();
        assertThat(refused.refusal()).isEqualTo(TokenService.Refusal.EXPIRED_ABSOLUTE);
        // the absolute end counts from the login (truncated to the second), whatever the refreshes did
        assertThat(elapsed).isBetween(6.5, 15.0);
        assertThat(redis.keys("refresh_family:{" + tenant + "}:*")).as("ended families leave nothing").isEmpty();
        assertThat(redis.keys("refresh:{" + tenant + "}:*")).isEmpty();
    }

    @Test
    void aRedisOutageAnswers503WithRetryAfterNever401AndValidSessionsSurviveIt() {
        String tenant = newTenant();
        JsonNode login = login(tenant, "kerem");
        String token = login.path("refresh_token").asText();
        services().stopRedis();
        try {
            for (HttpResponse<String> response : List.of(
                    refresh(token),
                    call("POST", "/api/v1/auth/tokens", service(tenant), "{\"user_id\": \"kerem\"}"),
                    call("POST", "/api/v1/auth/logout", null, "{\"refresh_token\": \"" + token + "\"}"),
                    call("GET", "/api/v1/sessions/" + login.path("session_id").asText(), service(tenant), null))) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(response.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
                assertThat(response.body()).doesNotContain("access_token", "\"active\":true");
            }
        } finally {
            services().startRedis();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> response = refresh(token);
            assertThat(response.statusCode()).as("a valid session is still valid: " + response.body()).isEqualTo(200);
        });
    }

    @Test
    void hubSignedAccessTokensVerifyWithThePublishedJwksAndForgeriesDoNot() throws Exception {
        HttpResponse<String> published = call("GET", "/.well-known/jwks.json", null, null);
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(published.headers().firstValue("Content-Type").orElse("")).startsWith("application/jwk-set+json");
        JWKSet jwks = JWKSet.parse(published.body());
        assertThat(jwks.getKeys()).hasSize(1);
        assertThat(jwks.getKeys().get(0).isPrivate()).isFalse();
        assertThat(published.body()).doesNotContain("\"d\"");

        String tenant = newTenant();
        String access = login(tenant, "zeynep").path("access_token").asText();
        SignedJWT jwt = SignedJWT.parse(access);
        ECKey published0 = jwks.getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.verify(new ECDSAVerifier(published0))).as("a plain Nimbus verifier with the JWKS").isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("kavsak-hub");
        assertThat(claims.getSubject()).isEqualTo("zeynep");
        assertThat(claims.getStringClaim("tenant_id")).isEqualTo(tenant);
        assertThat(claims.getStringListClaim("roles")).containsExactly("user");

        // the same claims signed by another key under the hub's kid are refused; other issuers' tokens still work
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(published0.getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(stranger.getKeyID()).build(),
                new JWTClaimsSet.Builder(claims).expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        forged.sign(new ECDSASigner(stranger));
        assertThat(call("GET", "/api/v1/consent/recall/status", forged.serialize(), null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/consent/recall/status", access, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/consent/recall/status", TOKENS.user("zeynep", tenant), null).statusCode())
                .isEqualTo(200);
    }
}
