package io.kavsak.hub.models;

import io.swagger.v3.oas.annotations.media.Schema;

/** A tenant's model: its active version and how many versions it keeps. */
@Schema(description = "A model of the caller's tenant")
public record ModelSummary(
        @Schema(description = "Model name", example = "anomaly-detector") String modelName,
        @Schema(description = "The version served, or null", example = "v3") String activeVersion,
        @Schema(description = "Number of versions", example = "3") int versionCount,
        @Schema(description = "Bytes of all version files", example = "55026") long sizeBytes) {
}
