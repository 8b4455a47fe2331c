package io.kavsak.hub.models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A model volume as the operator shows it in the MLModel's status. */
@Schema(description = "A model's volume: versions, usage and the last cleanup")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VolumeReport(
        @Schema(description = "Model name", example = "anomaly-detector") String modelName,
        @Schema(description = "Where the hub keeps the model's files") String mountPath,
        @Schema(description = "Active versions, as tenant/version", example = "[\"acme/v3\"]")
        List<String> activeVersions,
        @Schema(description = "Versions stored, all tenants", example = "3") int versionCount,
        @Schema(description = "Bytes used on the volume", example = "55026") long usedBytes,
        @Schema(description = "The volume's capacity in bytes", example = "1073741824") long capacityBytes,
        @Schema(description = "Usage in percent", example = "12.5") double usagePercent,
        @Schema(description = "Whether usage reached the emergency threshold") boolean nearlyFull,
        @Schema(description = "The last cleanup, or null") CleanupResult lastCleanup) {
}
