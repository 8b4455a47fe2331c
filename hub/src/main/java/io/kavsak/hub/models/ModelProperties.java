package io.kavsak.hub.models;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Settings of the model manager ({@code kavsak.models.*}); a model's retention comes from its MLModel resource. */
@ConfigurationProperties("kavsak.models")
public record ModelProperties(
        @DefaultValue("/var/lib/kavsak/models") String root,
        @DefaultValue("10MB") DataSize maxFileSize,
        @DefaultValue("3") int loadAttempts,
        @DefaultValue("100ms") Duration loadInitialBackoff,
        @DefaultValue("64") int cacheSize,
        @DefaultValue Retention retention) {

    /** The retention a model has until its MLModel's spec.retention is handed over (the CRD's defaults). */
    public record Retention(
            @DefaultValue("3") int keepVersions,
            @DefaultValue("30") int deleteInactiveAfterDays,
            @DefaultValue("90") int emergencyCleanupDiskPercent,
            @DefaultValue("0 3 * * *") String cleanupSchedule) {
    }
}
