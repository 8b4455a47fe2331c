package io.kavsak.hub.anomaly;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One training run of a tenant's anomaly model: the version saved (null when there were too few runs), the
 * samples used, the F1 of the new and of the live model on the same held-out evaluation set, and whether the new
 * version was activated.
 */
@Schema(description = "The outcome of training a tenant's query-run anomaly model")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingResult(
        @Schema(description = "Tenant whose model was trained", example = "acme") String tenantId,
        @Schema(description = "Version saved under the model kavsak.anomaly.model-name; null when nothing was trained",
                example = "auto-20261123-190500-042") String version,
        @Schema(description = "Finished query runs read", example = "3000") int samples,
        @Schema(description = "Runs the model was trained on (the oldest)", example = "2400") int trainingSamples,
        @Schema(description = "Held-out runs of the evaluation set, counted as normal", example = "600")
        int evaluationNormal,
        @Schema(description = "Anomalies injected into the evaluation set", example = "60") int evaluationAnomalies,
        @Schema(description = "F1 of the anomaly class of the new version on the evaluation set", example = "0.952")
        Double f1,
        @Schema(description = "F1 of the live version on the same set; null when no usable version was live",
                example = "0.931") Double liveF1,
        @Schema(description = "Whether the new version was activated (its F1 beat the live one's, or none was live)",
                example = "true") boolean activated,
        @Schema(description = "Why nothing was trained; null when a version was saved") String note) {
}
