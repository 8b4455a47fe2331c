package io.kavsak.hub.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Prometheus view of the outbox backlog: how many rows wait for the relay and how long the oldest
 * has waited. Both come from the partial index on unpublished rows, read at most every few seconds;
 * every replica reports the same table, so dashboards and alerts take the max over replicas.
 */
@Component
public class OutboxMetrics {

    private static final long REFRESH_NANOS = Duration.ofSeconds(5).toNanos();

    private final NamedParameterJdbcTemplate jdbc;
    private double unpublished;
    private double oldestAgeSeconds;
    private long readAt;
    private boolean read;

    public OutboxMetrics(NamedParameterJdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        Gauge.builder("kavsak.outbox.unpublished", () -> snapshot()[0])
                .description("Outbox rows not yet published to Kafka").register(registry);
        Gauge.builder("kavsak.outbox.oldest.age", () -> snapshot()[1]).baseUnit("seconds")
                .description("Age of the oldest outbox row not yet published (0 when none waits)").register(registry);
    }

    private synchronized double[] snapshot() {
        if (!read || System.nanoTime() - readAt > REFRESH_NANOS) {
            jdbc.query("""
                    select (select count(*) from outbox_event where published_at is null) as n,
                           coalesce(extract(epoch from now() - (select created_at from outbox_event
                               where published_at is null order by id limit 1)), 0) as age
                    """, new MapSqlParameterSource(), rs -> {
                unpublished = rs.getLong("n");
                oldestAgeSeconds = Math.max(0, rs.getDouble("age"));
            });
            readAt = System.nanoTime();
            read = true;
        }
        return new double[] {unpublished, oldestAgeSeconds};
    }
}
