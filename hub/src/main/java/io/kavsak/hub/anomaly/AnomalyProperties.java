package io.kavsak.hub.anomaly;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of the query-run anomaly detector ({@code kavsak.anomaly.*}; docs/models.md). */
@ConfigurationProperties("kavsak.anomaly")
public record AnomalyProperties(
        @DefaultValue("query-run-anomaly") String modelName,
        @DefaultValue("1000") int minSamples,
        @DefaultValue("20000") int maxSamples,
        @DefaultValue("0.2") double holdOutShare,
        @DefaultValue("0.02") double nu,
        @DefaultValue("0.5") double gamma,
        @DefaultValue("200") int zscoreWindow,
        @DefaultValue("30") int zscoreMinSamples,
        @DefaultValue("4.0") double zscoreThreshold,
        @DefaultValue("100") int fallbackWindow,
        @DefaultValue("0.5") double fallbackAlertRate,
        @DefaultValue("0 30 2 * * ?") String trainingCron) {
}
