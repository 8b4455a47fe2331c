package io.kavsak.hub.reminders;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reminder settings ({@code kavsak.reminders.*}): how long before an appointment its reminder fires (the seed's
 * {@code REMINDER_OFFSET_MINUTES}), how often a failed send is retried ({@code REMINDER_MAX_RETRIES}) and with
 * what backoff, and how many due reminders one poll claims. The poll interval is read by the route file.
 */
@ConfigurationProperties("kavsak.reminders")
public record ReminderProperties(
        @DefaultValue("60") int offsetMinutes,
        @DefaultValue("3") int maxRetries,
        @DefaultValue("30s") Duration retryInitialDelay,
        @DefaultValue("30m") Duration retryMaximumDelay,
        @DefaultValue("500") int claimBatch) {

    public ReminderProperties {
        if (offsetMinutes < 1) {
            // offset 0 would make every reminder due at the very moment its appointment starts, i.e. always missed
            throw new IllegalArgumentException("kavsak.reminders.offset-minutes must be at least 1");
        }
        if (maxRetries < 0 || claimBatch < 1) {
            throw new IllegalArgumentException("kavsak.reminders.max-retries must be >= 0 and claim-batch >= 1");
        }
    }

    public Duration offset() {
        return Duration.ofMinutes(offsetMinutes);
    }

    /** The wait before retry {@code retry} (1-based): the initial delay doubled each time, capped. */
    public Duration backoff(int retry) {
        long factor = 1L << Math.min(Math.max(retry - 1, 0), 30);
        Duration delay = retryInitialDelay.multipliedBy(factor);
        return delay.compareTo(retryMaximumDelay) > 0 ? retryMaximumDelay : delay;
    }
}
