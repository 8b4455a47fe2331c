package io.kavsak.hub.models;

import java.nio.file.Path;

/**
 * Where a model's versions live and how they are cleaned up: the MLModel's volume as the operator mounted it
 * and its spec.retention, or the defaults until the operator has handed them over.
 */
public record ModelVolume(String modelName, Path mountPath, Long capacityBytes, int keepVersions,
                          int deleteInactiveAfterDays, int emergencyCleanupDiskPercent, String cleanupSchedule) {
}
