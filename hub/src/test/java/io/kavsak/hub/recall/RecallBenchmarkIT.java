package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;

/**
 * Recall benchmark (issue 3, item 8), not a test: seeds a tenant with 10,000 users x 50 features
 * (PostgreSQL + Redis) x 100 training events, plus one heavy user, then times the recall of the heavy
 * user and of 1,000 users requested at once, and prints request->COMPLETED p50/p99 and rows/s.
 * Runs only with {@code -Dkavsak.bench=true}; see hub/RECALL.md for the command.
 */
@EnabledIfSystemProperty(named = "kavsak.bench", matches = "true")
class RecallBenchmarkIT extends RecallTestSupport {

    private static final int USERS = Integer.getInteger("kavsak.bench.users", 10_000);
    private static final int FEATURES = 50;
    private static final int EVENTS = 100;
    private static final int HEAVY_EVENTS = Integer.getInteger("kavsak.bench.heavy-events", 200_000);
    private static final int AT_ONCE = Integer.getInteger("kavsak.bench.at-once", 1_000);

    @Autowired
    DataSource dataSource;

    @Test
    void recallBenchmark() throws Exception {
        String tenant = newTenant();
        long seedStart = System.nanoTime();
        seed(tenant);
        print("seeded %,d users x %d features + %d training events (+ heavy user with %,d events) in %.1f s",
                USERS, FEATURES, EVENTS, HEAVY_EVENTS, (System.nanoTime() - seedStart) / 1e9);
        jdbc.execute("analyze feature_value");
        jdbc.execute("analyze training_event");

        Map<String, Object> heavy = runRecalls(tenant, List.of("heavy-user"));
        print("heavy user: request->COMPLETED %.0f ms, %,d rows/keys erased, %,.0f rows/s",
                heavy.get("p50"), heavy.get("rows"), heavy.get("rowsPerSecond"));

        List<String> users = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            users.add("user-" + (i * (USERS / AT_ONCE)));
        }
        Map<String, Object> batch = runRecalls(tenant, users);
        print("%,d users at once: request->COMPLETED p50 %.0f ms, p99 %.0f ms, max %.0f ms; all done in %.1f s; "
                        + "%,d rows/keys erased, %,.0f rows/s", AT_ONCE, batch.get("p50"), batch.get("p99"),
                batch.get("max"), batch.get("wallSeconds"), batch.get("rows"), batch.get("rowsPerSecond"));

        assertThat(count("select count(*) from training_set where tenant_id = ? and user_id = 'user-0'", tenant)).isZero();
        assertThat(count("select count(*) from training_set where tenant_id = ? and user_id = 'user-1'", tenant))
                .isEqualTo(EVENTS);
    }

    private Map<String, Object> runRecalls(String tenant, List<String> users) throws Exception {
        String operator = TOKENS.operator();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<String>> submits = users.stream().<Callable<String>>map(user -> () -> {
            var response = call("POST", "/api/v1/tenants/" + tenant + "/recalls", operator,
                    "{\"user_id\": \"" + user + "\", \"mode\": \"FULL_EXCLUDE\"}");
            assertThat(response.statusCode()).isEqualTo(201);
            return jsonOf(response).path("id").asText();
        }).toList();
        List<String> ids = new ArrayList<>();
        for (Future<String> id : pool.invokeAll(submits)) {
            ids.add(id.get());
        }
        pool.shutdown();
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200)).until(() -> count(
                "select count(*) from recall_request where recall_id = any(?::uuid[]) and state = 'COMPLETED'",
                (Object) ids.toArray(String[]::new)) == ids.size());
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        List<Double> millis = new ArrayList<>(jdbc.queryForList("""
                select extract(epoch from (recall_completed_at - recall_requested_at)) * 1000
                from recall_request where recall_id = any(?::uuid[])
                """, Double.class, (Object) ids.toArray(String[]::new)));
        Collections.sort(millis);
        Long rows = jdbc.queryForObject("""
                select coalesce(sum(rows_affected), 0) from recall_audit where recall_id = any(?::uuid[])
                """, Long.class, (Object) ids.toArray(String[]::new));
        Map<String, Object> result = new HashMap<>();
        result.put("p50", percentile(millis, 0.50));
        result.put("p99", percentile(millis, 0.99));
        result.put("max", millis.get(millis.size() - 1));
        result.put("rows", rows);
        result.put("wallSeconds", wallSeconds);
        result.put("rowsPerSecond", rows / wallSeconds);
        return result;
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private void seed(String tenant) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder features = new StringBuilder();
            StringBuilder events = new StringBuilder();
            for (int u = 0; u <= USERS; u++) {
                String user = u == USERS ? "heavy-user" : "user-" + u;
                for (int f = 0; f < FEATURES; f++) {
                    features.append(tenant).append('\t').append(user).append("\tf").append(f).append('\t')
                            .append((u * 31 + f) % 100 / 100.0).append('\n');
                }
                int eventCount = u == USERS ? HEAVY_EVENTS : EVENTS;
                for (int e = 0; e < eventCount; e++) {
                    events.append(tenant).append('\t').append(user).append('\t').append(user).append('-').append(e)
                            .append("\tclick\t{\"n\": ").append(e).append("}\t2026-01-01T00:00:00Z\n");
                    if (events.length() > 8_000_000) {
                        copyEvents(copy, events);
                    }
                }
                if (features.length() > 8_000_000) {
                    copyFeatures(copy, features);
                }
            }
            copyEvents(copy, events);
            copyFeatures(copy, features);
        }
        for (int from = 0; from <= USERS; from += 500) {
            int to = Math.min(USERS, from + 499);
            int first = from;
            redis.executePipelined((RedisCallback<Object>) connection -> {
                StringRedisConnection strings = (StringRedisConnection) connection;
                for (int u = first; u <= to; u++) {
                    Map<String, String> hash = new HashMap<>();
                    for (int f = 0; f < FEATURES; f++) {
                        hash.put("f" + f, Double.toString((u * 31 + f) % 100 / 100.0));
                    }
                    strings.hMSet("features:" + tenant + ":" + (u == USERS ? "heavy-user" : "user-" + u), hash);
                }
                return null;
            });
        }
    }

    private static void copyFeatures(org.postgresql.copy.CopyManager copy, StringBuilder rows) throws Exception {
        copy.copyIn("copy feature_value (tenant_id, subject_key, feature_name, value) from stdin",
                new StringReader(rows.toString()));
        rows.setLength(0);
    }

    private static void copyEvents(org.postgresql.copy.CopyManager copy, StringBuilder rows) throws Exception {
        copy.copyIn("copy training_event (tenant_id, user_id, training_event_id, kind, payload, occurred_at) from stdin",
                new StringReader(rows.toString()));
        rows.setLength(0);
    }

    private static void print(String format, Object... args) {
        System.out.println("RECALL-BENCH " + String.format(format, args));
    }
}
