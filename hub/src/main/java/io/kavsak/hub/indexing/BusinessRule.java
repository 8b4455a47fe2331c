package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A stored business rule. */
@Schema(description = "A business rule")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BusinessRule(
        @Schema(description = "Rule id") String id,
        @Schema(description = "Name") String name,
        @Schema(description = "The rule") String description,
        @Schema(description = "Last change") Instant updatedAt) {
}
