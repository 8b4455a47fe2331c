package io.kavsak.hub.recall;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Prometheus view of the recall SLA: open requests by state, requests within the SLA warning window
 * of their deadline, overdue requests, and the time from request to COMPLETED. Gauges read the
 * table (at most every few seconds), so every replica agrees.
 */
@Component
public class RecallMetrics {

    private static final long REFRESH_NANOS = Duration.ofSeconds(5).toNanos();

    private final NamedParameterJdbcTemplate jdbc;
    private final Duration warningWindow;
    private final Timer completion;
    private final Map<String, Long> snapshot = new HashMap<>();
    private long snapshotAt;

    public RecallMetrics(NamedParameterJdbcTemplate jdbc, RecallProperties properties, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.warningWindow = properties.slaWarningWindow();
        for (String state : RecallState.OPEN) {
            Gauge.builder("kavsak.recall.requests.open", () -> read(state))
                    .description("Recall requests not yet completed, by state")
                    .tag("state", state).register(registry);
        }
        Gauge.builder("kavsak.recall.requests.overdue", () -> read("overdue"))
                .description("Open recall requests past their deadline").register(registry);
        Gauge.builder("kavsak.recall.requests.at.risk", () -> read("atRisk"))
                .description("Open recall requests within kavsak.recall.sla-warning-window of their deadline")
                .register(registry);
        this.completion = Timer.builder("kavsak.recall.completion")
                .description("Time from a recall request to COMPLETED")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(48))
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(96))
                .register(registry);
    }

    public void completed(RecallRequest request) {
        completion.record(Duration.between(request.requestedAt(), request.completedAt()));
    }

    private synchronized double read(String key) {
        if (System.nanoTime() - snapshotAt > REFRESH_NANOS || snapshot.isEmpty()) {
            snapshot.clear();
            RecallState.OPEN.forEach(state -> snapshot.put(state, 0L));
            jdbc.query("""
                    select state, count(*) as n, count(*) filter (where deadline < now()) as overdue,
                           count(*) filter (where deadline >= now()
                                            and deadline < now() + make_interval(secs => :window)) as at_risk
                    from recall_request where state in ('REQUESTED', 'IN_PROGRESS', 'FAILED') group by state
                    """, Map.of("window", warningWindow.toSeconds()), rs -> {
                snapshot.put(rs.getString("state"), rs.getLong("n"));
                snapshot.merge("overdue", rs.getLong("overdue"), Long::sum);
                snapshot.merge("atRisk", rs.getLong("at_risk"), Long::sum);
            });
            snapshot.putIfAbsent("overdue", 0L);
            snapshot.putIfAbsent("atRisk", 0L);
            snapshotAt = System.nanoTime();
        }
        return snapshot.getOrDefault(key, 0L);
    }
}
