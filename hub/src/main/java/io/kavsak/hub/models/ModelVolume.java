package io.kavsak.hub.models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.file.Path;

/**
 * Where a model's versions live and how they are cleaned up: the MLModel's volume as the operator mounted it
 * and its spec.retention, or the defaults until the operator has handed them over.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelVolume(String modelName,
                          @Schema(type = "string", description = "Where the hub mounts the model's volume",
                                  example = "/var/lib/kavsak/models/anomaly") Path mountPath, Long capacityBytes, int keepVersions,
                          int deleteInactiveAfterDays, int emergencyCleanupDiskPercent, String cleanupSchedule) {
}
