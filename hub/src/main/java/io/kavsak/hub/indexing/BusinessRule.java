package io.kavsak.hub.indexing;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A stored business rule. */
@Schema(description = "A business rule")
public record BusinessRule(
        @Schema(description = "Rule id") String id,
        @Schema(description = "Name") String name,
        @Schema(description = "The rule") String description,
        @Schema(description = "Last change") Instant updatedAt) {
}
