package io.kavsak.hub.models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** Which version of a model was live at a moment, from the activation history. */
@Schema(description = "The version that was live at a given moment")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LiveVersion(
        @Schema(description = "Model name", example = "anomaly-detector") String modelName,
        @Schema(description = "The moment asked about") Instant at,
        @Schema(description = "Version live then; null when none was active", example = "v2") String version,
        @Schema(description = "Since when that state held") Instant since,
        @Schema(description = "Who brought that state about", example = "admin-1") String actor) {
}
