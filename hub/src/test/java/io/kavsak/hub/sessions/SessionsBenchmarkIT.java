package io.kavsak.hub.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Figures, not a timed test (docs/benchmarks.md): is_active in process and over REST, refreshes per second with
 * 32 concurrent HTTP clients, and raw Redis GET/SET against the same Redis with Lettuce as the reference.
 * Runs only with {@code -Dkavsak.bench=true}.
 */
@EnabledIfSystemProperty(named = "kavsak.bench", matches = "true")
class SessionsBenchmarkIT extends HubIntegrationTest {

    private static final int CLIENTS = Integer.getInteger("kavsak.bench.clients", 32);
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("kavsak.bench.seconds", 20));
    private static final int CALLS = Integer.getInteger("kavsak.bench.calls", 5000);

    @Autowired
    RefreshSessionStore store;

    @Test
    void sessionFigures() throws Exception {
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        String service = TOKENS.token("backend", tenant, List.of("service"), Duration.ofHours(1));
        assertThat(call("POST", "/api/v1/sessions", service, "{\"jti\": \"bench\", \"user_id\": \"bench-user\", "
                + "\"expires_at\": \"" + Instant.now().plusSeconds(3600) + "\"}").statusCode()).isEqualTo(201);
        String url = services().properties().get("spring.data.redis.url");
        RedisClient client = RedisClient.create(url);
        try {
            // 1. is_active, one client, in process / over REST / raw GET of the same key
            StatefulRedisConnection<String, String> one = client.connect();
            String key = RedisRefreshSessionStore.sessionKey(tenant, "bench");
            for (int i = 0; i < 500; i++) {
                store.isActive(tenant, "bench");
                call("GET", "/api/v1/sessions/bench", service, null);
                one.sync().get(key);
            }
            long[] inProcess = new long[CALLS];
            long[] rest = new long[CALLS];
            long[] rawGet = new long[CALLS];
            for (int i = 0; i < CALLS; i++) {
                long t0 = System.nanoTime();
                assertThat(store.isActive(tenant, "bench")).isTrue();
                long t1 = System.nanoTime();
                assertThat(call("GET", "/api/v1/sessions/bench", service, null).statusCode()).isEqualTo(200);
                long t2 = System.nanoTime();
                assertThat(one.sync().get(key)).isNotNull();
                long t3 = System.nanoTime();
                inProcess[i] = t1 - t0;
                rest[i] = t2 - t1;
                rawGet[i] = t3 - t2;
            }
            one.close();
            System.out.printf("SESSIONS-BENCH is_active in process p50 %.3f ms p99 %.3f ms; over REST p50 %.3f ms "
                            + "p99 %.3f ms; raw Redis GET p50 %.3f ms p99 %.3f ms (%d calls each, one client); "
                            + "REST/raw p50 %.1fx%n", pct(inProcess, 50), pct(inProcess, 99), pct(rest, 50),
                    pct(rest, 99), pct(rawGet, 50), pct(rawGet, 99), CALLS, pct(rest, 50) / pct(rawGet, 50));

            // 2. refreshes per second: CLIENTS HTTP clients, each rotating its own login's tokens
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<long[]>> chains = new ArrayList<>();
            long deadline = System.nanoTime() + RUN.toNanos();
            for (int c = 0; c < CLIENTS; c++) {
                String user = "bench-user-" + c;
                chains.add(pool.submit(() -> {
                    HttpResponse<String> login = call("POST", "/api/v1/auth/tokens", service,
                            "{\"user_id\": \"" + user + "\"}");
                    String token = jsonOf(login).path("refresh_token").asText();
                    List<Long> latencies = new ArrayList<>();
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = call("POST", "/api/v1/auth/refresh", null,
                                "{\"refresh_token\": \"" + token + "\"}");
                        latencies.add(System.nanoTime() - t0);
                        if (response.statusCode() != 200) {
                            throw new AssertionError(response.body());
                        }
                        JsonNode pair = jsonOf(response);
                        token = pair.path("refresh_token").asText();
                    }
                    return latencies.stream().mapToLong(Long::longValue).toArray();
                }));
            }
            long started = System.nanoTime();
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> chain : chains) {
                all.add(chain.get());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
            double refreshRate = latencies.length / seconds;
            System.out.printf("SESSIONS-BENCH refresh over HTTP, %d clients: %d refreshes in %.1f s = %.0f/s, "
                            + "p50 %.2f ms p99 %.2f ms%n", CLIENTS, latencies.length, seconds, refreshRate,
                    pct(latencies, 50), pct(latencies, 99));

            // 3. the reference: raw SET + GET on the same Redis, CLIENTS connections, same duration
            List<Future<Long>> raw = new ArrayList<>();
            long rawDeadline = System.nanoTime() + RUN.toNanos();
            long rawStarted = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                String rawKey = "bench-raw:{" + tenant + "}:" + c;
                raw.add(pool.submit(() -> {
                    long ops = 0;
                    try (StatefulRedisConnection<String, String> connection = client.connect()) {
                        while (System.nanoTime() < rawDeadline) {
                            connection.sync().set(rawKey, "v" + ops);
                            connection.sync().get(rawKey);
                            ops += 2;
                        }
                    }
                    return ops;
                }));
            }
            long ops = 0;
            for (Future<Long> f : raw) {
                ops += f.get();
            }
            double rawRate = ops / ((System.nanoTime() - rawStarted) / 1e9);
            pool.shutdownNow();
            System.out.printf("SESSIONS-BENCH raw Redis SET+GET (Lettuce), %d connections: %.0f ops/s; "
                    + "refresh/s is %.1f%% of raw ops/s (1 refresh = 2 Redis round trips: HMGET + script)%n",
                    CLIENTS, rawRate, 100 * refreshRate / rawRate);
        } finally {
            client.shutdown();
        }
    }

    private static double pct(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }
}
