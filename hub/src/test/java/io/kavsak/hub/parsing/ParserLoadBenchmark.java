package io.kavsak.hub.parsing;

import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.OpenAiStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Load benchmark of the parsing pipeline, not a test: prints figures, asserts nothing about time.
 * Not picked up by {@code ./mvnw verify} (neither *Test nor *IT); run it with
 * {@code ./mvnw -B -pl hub verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ParserLoadBenchmark}.
 */
class ParserLoadBenchmark extends HubIntegrationTest {

    private static final int RATE = Integer.getInteger("bench.rate", 200);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int JOBS = Integer.getInteger("bench.jobs", 1000);
    private static final int LLM_DELAY_MS = Integer.getInteger("bench.llm-delay-ms", 2000);

    @DynamicPropertySource
    static void scale(DynamicPropertyRegistry registry) {
        registry.add("kavsak.events.partitions", () -> System.getProperty("bench.partitions", "32"));
        registry.add("kavsak.parser.worker.consumers", () -> System.getProperty("bench.consumers", "32"));
        registry.add("kavsak.parser.llm.timeout", () -> "30s");
    }

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(java.util.concurrent.Executors.newFixedThreadPool(16))
            .connectTimeout(Duration.ofSeconds(30)).build();

    private HttpRequest submit(String token, String user, String mode, String text) {
        String body = "{\"user_id\":\"" + user + "\",\"session_id\":\"bench\",\"parse_mode\":\"" + mode
                + "\",\"text\":\"" + text + "\"}";
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/parser/parse-text-async"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void submitLatencyAtAFixedRateAndEndToEndCompletion() throws Exception {
        registerTenant("bench");
        String token = TOKENS.user("bench-user", "bench");
        // warm-up
        for (int i = 0; i < 200; i++) {
            http.send(submit(token, "bench-user", "basic", "Java developer warmup"), HttpResponse.BodyHandlers.ofString());
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> calls = new ArrayList<>();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / RATE;
        int total = RATE * SECONDS;
        // open loop: each request has a due time on a fixed schedule and its latency counts from that
        // time, so a slow answer cannot hold back the requests behind it (no coordinated omission)
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(64);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            calls.add(CompletableFuture.runAsync(() -> {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                try {
                    HttpResponse<Void> response = http.send(submit(token, "bench-user", "basic",
                            "Senior Java developer with Kafka"), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        latencies.add(System.nanoTime() - due);
                    }
                } catch (Exception e) {
                    // counted as not answered 200
                }
            }, senders));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        senders.shutdown();
        double offered = RATE;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("%n=== parser benchmark: submit latency (parse-text-async) ===%n"
                        + "offered %d requests on a fixed schedule of %.0f/s, %d answered 200%n"
                        + " p50 %.1f ms  p99 %.1f ms  max %.1f ms (from each request's scheduled time)%n",
                total, offered, sorted.size(), pct(sorted, 50), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);

        OpenAiStub.shared().answers("benchmark", """
                {"profile": {"basics": {"profession": "Engineer", "total_experience_in_years": 5, "summary": null,
                 "has_driving_license": null, "skills": ["Java"]}, "professional_experiences": [], "education": []}}""",
                LLM_DELAY_MS);
        registerTenant("bench-e2e");
        String e2eToken = TOKENS.user("bench-e2e", "bench-e2e");
        long e2eStart = System.nanoTime();
        List<CompletableFuture<?>> submits = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            submits.add(http.sendAsync(submit(e2eToken, "bench-e2e", "advanced",
                    "Software Engineer\\nSkills: Java, Kafka\\nNotes: benchmark cv " + i),
                    HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(submits.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        long submitted = System.nanoTime();
        int finished = 0;
        while (finished < JOBS && System.nanoTime() - e2eStart < TimeUnit.MINUTES.toNanos(20)) {
            Thread.sleep(500);
            finished = jdbc.queryForObject("select count(*) from parsed_cv where tenant_id = 'bench-e2e' "
                    + "and status <> 'processing'", Integer.class);
        }
        double seconds = (System.nanoTime() - e2eStart) / 1e9;
        Integer succeeded = jdbc.queryForObject("select count(*) from parsed_cv where tenant_id = 'bench-e2e' "
                + "and status = 'success'", Integer.class);
        System.out.printf("=== parser benchmark: end to end, %d advanced jobs, LLM stub answering in %d ms ===%n"
                        + "all submitted in %.1f s; %d finished (%d success) in %.1f s = %.1f jobs/s%n%n",
                JOBS, LLM_DELAY_MS, (submitted - e2eStart) / 1e9, finished, succeeded, seconds, finished / seconds);
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
