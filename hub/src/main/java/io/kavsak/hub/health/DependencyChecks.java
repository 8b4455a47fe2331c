package io.kavsak.hub.health;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Re-checks every degradable dependency each {@code kavsak.health.dependency-check-interval}, so the
 * {@code kavsak_dependency_up} gauges stay current although probes only ask for readiness.
 */
@Component
public class DependencyChecks {

    private static final Logger log = LoggerFactory.getLogger(DependencyChecks.class);

    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dependency-checks");
        thread.setDaemon(true);
        return thread;
    });

    public DependencyChecks(List<DependencyHealth> dependencies,
                            @Value("${kavsak.health.dependency-check-interval:15s}") Duration interval) {
        checks.scheduleWithFixedDelay(() -> dependencies.forEach(dependency -> {
            try {
                dependency.health();
            } catch (RuntimeException e) {
                log.debug("Health check of {} failed", dependency.dependency(), e);
            }
        }), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        checks.shutdownNow();
    }
}
