package io.kavsak.hub.reports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of scheduled report runs: retries with exponential backoff, export retention, the shortest cron. */
@ConfigurationProperties("kavsak.reports.schedules")
public record ScheduleProperties(
        @DefaultValue("3") int runAttempts,
        @DefaultValue("30s") Duration retryInitialDelay,
        @DefaultValue("10m") Duration retryMaximumDelay,
        @DefaultValue("30d") Duration exportRetention,
        @DefaultValue("0 15 * * * ?") String exportRetentionCron,
        @DefaultValue("1m") Duration minInterval) {

    /** The wait before attempt {@code next} (2, 3, …): the initial delay, doubled per attempt, capped. */
    public Duration backoff(int next) {
        long factor = 1L << Math.min(20, Math.max(0, next - 2));
        Duration delay = retryInitialDelay.multipliedBy(factor);
        return delay.compareTo(retryMaximumDelay) > 0 ? retryMaximumDelay : delay;
    }
}
