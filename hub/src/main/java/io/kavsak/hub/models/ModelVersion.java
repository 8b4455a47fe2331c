package io.kavsak.hub.models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One version of a tenant's model: its file, checksum, metrics and whether it is the one served. */
@Schema(description = "A version of a model: a file on the model volume and its metadata")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelVersion(
        @Schema(description = "Row id", example = "42") long id,
        @Schema(description = "Tenant the model belongs to", example = "acme") String tenantId,
        @Schema(description = "Model name (the MLModel's spec.modelType)", example = "anomaly-detector") String modelName,
        @Schema(description = "Version label", example = "v3") String version,
        @Schema(description = "File name inside the tenant's model directory; null while only a legacy blob exists",
                example = "anomaly-detector_20261123_101500_v3.tribuo") String modelPath,
        @Schema(description = "Accuracy reported at training", example = "0.93") Double accuracy,
        @Schema(description = "When the model was trained") Instant trainingDate,
        @Schema(description = "Whether this is the version served (one per model)") boolean isActive,
        @Schema(description = "File size in bytes", example = "18342") Long sizeBytes,
        @Schema(description = "SHA-256 of the file, hex") String sha256,
        @Schema(description = "ok, or quarantined when the file was found corrupt", example = "ok") String status,
        @Schema(description = "Why the version was quarantined") String statusReason,
        @Schema(description = "When the lifecycle retired the version (outside the latest versions kept)")
        Instant retiredAt,
        @Schema(description = "Who saved the version") String createdBy,
        @Schema(description = "When the version was saved") Instant createdAt,
        @Schema(description = "Whether a legacy in-database copy (model_data) still exists") boolean legacyData) {

    public static final String OK = "ok";
    public static final String QUARANTINED = "quarantined";

    public boolean quarantined() {
        return QUARANTINED.equals(status);
    }
}
