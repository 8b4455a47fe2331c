package io.kavsak.hub.anomaly;

import io.kavsak.hub.support.HubIntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Seed 003's scoring-throughput figure as a load program, not a test: events per second through the detector's
 * own path ({@link QueryRunAnomalyDetector#detect}: active-version lookup, cached model, prediction; or the
 * Z-score over the tenant's window in PostgreSQL), one thread. Prints figures, asserts nothing about time. Not
 * picked up by {@code ./mvnw verify}; run it with {@code ./mvnw -B -pl hub verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=AnomalyScoringBenchmark}.
 */
class AnomalyScoringBenchmark extends HubIntegrationTest {

    @Autowired
    private AnomalyTrainer trainer;
    @Autowired
    private QueryRunAnomalyDetector detector;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void scoringThroughput() {
        QueryRuns generator = new QueryRuns(3);
        String zscoreTenant = tenant(generator);
        String modelTenant = tenant(generator);
        TrainingResult trained = trainer.train(modelTenant, "bench");
        System.out.printf("ANOMALY-BENCH model: version %s, F1 %.3f%n", trained.version(), trained.f1());
        List<QueryRunFeatures> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add((i % 20 == 0 ? generator.anomalous() : generator.normal()).features());
        }
        for (String tenant : List.of(modelTenant, zscoreTenant)) {
            measure(tenant, events, Duration.ofSeconds(2), false);
            measure(tenant, events, Duration.ofSeconds(10), true);
        }
    }

    private void measure(String tenant, List<QueryRunFeatures> events, Duration time, boolean print) {
        long start = System.nanoTime();
        int scored = 0;
        String detectorUsed = null;
        while (System.nanoTime() - start < time.toNanos()) {
            for (QueryRunFeatures event : events.subList(0, 100)) {
                detectorUsed = detector.detect(tenant, "bench-run", event).detector();
                scored++;
            }
        }
        if (print) {
            System.out.printf("ANOMALY-BENCH detector %s (one thread): %.0f events/s%n", detectorUsed,
                    scored / ((System.nanoTime() - start) / 1e9));
        }
    }

    private String tenant(QueryRuns generator) {
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        List<Object[]> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 3000; i++) {
            QueryRuns.Run run = generator.normal();
            Instant finished = now.minusSeconds(3000 - i);
            rows.add(new Object[] {"hist-" + i, tenant, run.failed() ? "failed" : "succeeded", run.rowCount(),
                    Timestamp.from(finished.minusMillis(run.durationMs())), Timestamp.from(finished)});
        }
        jdbc.batchUpdate("""
                insert into audit.query_runs (query_run_id, tenant_id, user_id, datasource_id, status, row_count,
                    started_at, finished_at) values (?, ?, 'u-1', 'ds-1', ?, ?, ?, ?)""", rows);
        return tenant;
    }
}
