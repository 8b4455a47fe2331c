package io.kavsak.hub.models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** A tenant's model: its active version and how many versions it keeps. */
@Schema(description = "A model of the caller's tenant")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelSummary(
        @Schema(description = "Model name", example = "anomaly-detector") String modelName,
        @Schema(description = "The version served, or null", example = "v3") String activeVersion,
        @Schema(description = "Number of versions", example = "3") int versionCount,
        @Schema(description = "Bytes of all version files", example = "55026") long sizeBytes) {
}
