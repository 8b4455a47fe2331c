package io.kavsak.hub.recall;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Recall settings ({@code kavsak.recall.*}): the SLA, how a failing target is retried, how a stalled
 * request is picked up again, where notices come from, and how long a completed request keeps the
 * user's id and address while its confirmation cannot be sent.
 */
@ConfigurationProperties("kavsak.recall")
public record RecallProperties(
        @DefaultValue("48h") Duration sla,
        @DefaultValue("6h") Duration slaWarningWindow,
        @DefaultValue("3") int targetAttempts,
        @DefaultValue("1s") Duration retryInitialDelay,
        @DefaultValue("30s") Duration retryMaximumDelay,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("2m") Duration stalledAfter,
        @DefaultValue("50") int maximumRuns,
        @DefaultValue("24h") Duration confirmationGiveUp) {
}
