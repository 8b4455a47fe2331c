package io.kavsak.hub.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * A dependency the hub can work without for a while (Kafka, Redis, SMTP): work is still recorded
 * durably in PostgreSQL and caught up when it returns. Its outage shows as {@code DEGRADED} (HTTP 200)
 * with the check's details, and as {@code kavsak_dependency_up{dependency=…} 0}, never as DOWN, so it
 * does not take the replica out of service.
 */
public final class DependencyHealth implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DependencyHealth.class);

    public static final Status DEGRADED = new Status("DEGRADED", "Working without this dependency");

    private final String dependency;
    private final HealthIndicator check;
    private volatile double up = Double.NaN;

    public DependencyHealth(String dependency, HealthIndicator check, MeterRegistry meters) {
        this.dependency = dependency;
        this.check = check;
        Gauge.builder("kavsak.dependency.up", this, d -> d.up).tag("dependency", dependency)
                .description("1 while the dependency answers its health check, 0 while it does not")
                .register(meters);
    }

    @Override
    public Health health() {
        Health health = check.health();
        boolean answering = Status.UP.equals(health.getStatus());
        double was = up;
        up = answering ? 1 : 0;
        if (!answering && was != 0) {
            log.warn("{} does not answer, the hub works without it (DEGRADED): {}", dependency, health.getDetails());
        } else if (answering && was == 0) {
            log.info("{} answers again", dependency);
        }
        return answering ? health : Health.status(DEGRADED).withDetails(health.getDetails()).build();
    }

    public String dependency() {
        return dependency;
    }
}
