package io.kavsak.hub.models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the operator hands over for an MLModel: where its volume is mounted, its size and spec.retention. */
@Schema(description = "An MLModel's volume and retention, as the operator hands them to the hub")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VolumeRegistration(
        @Schema(description = "Where the hub mounts the model's volume", example = "/var/lib/kavsak/models/anomaly")
        String mountPath,
        @Schema(description = "The claim's capacity in bytes; usage is measured against it", example = "1073741824")
        Long capacityBytes,
        @Schema(description = "spec.retention.keepVersions", example = "3") Integer keepVersions,
        @Schema(description = "spec.retention.deleteInactiveAfterDays", example = "30") Integer deleteInactiveAfterDays,
        @Schema(description = "spec.retention.emergencyCleanupDiskPercent", example = "90")
        Integer emergencyCleanupDiskPercent,
        @Schema(description = "spec.retention.cleanupSchedule (five-field cron)", example = "0 3 * * *")
        String cleanupSchedule) {
}
