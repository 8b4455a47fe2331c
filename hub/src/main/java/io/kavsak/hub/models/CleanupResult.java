package io.kavsak.hub.models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** What one cleanup of a model's volume did. */
@Schema(description = "The outcome of a cleanup of a model's volume")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CleanupResult(
        @Schema(description = "Model name", example = "anomaly-detector") String modelName,
        @Schema(description = "scheduled, emergency or manual", example = "scheduled") String kind,
        @Schema(description = "Versions retired because they are older than the latest kept", example = "2")
        int deactivated,
        @Schema(description = "Versions deleted (file and row)", example = "1") int deleted,
        @Schema(description = "Bytes freed on the volume", example = "18342") long freedBytes,
        @Schema(description = "Volume usage in percent after the cleanup", example = "41.5") double usagePercent,
        @Schema(description = "When it ran") Instant ranAt) {

    public static final String SCHEDULED = "scheduled";
    public static final String EMERGENCY = "emergency";
    public static final String MANUAL = "manual";
}
