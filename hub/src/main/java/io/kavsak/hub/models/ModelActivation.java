package io.kavsak.hub.models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One entry of a model's activation history. */
@Schema(description = "An activation or deactivation of a model version, with who and when")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelActivation(
        @Schema(description = "Version concerned; null for a deactivation with nothing active", example = "v3")
        String version,
        @Schema(description = "activated or deactivated", example = "activated") String action,
        @Schema(description = "Subject of the caller (or 'kavsak' for the hub itself)", example = "admin-1")
        String actor,
        @Schema(description = "When it happened") Instant at) {
}
