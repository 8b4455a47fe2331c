package io.kavsak.hub.recall;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code POST .../recalls/{recallId}/complete}; {@link RecallApi} reads it field by field. */
@Schema(name = "RecallCompletion", description = "Why an admin completes a request by hand (audited)")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecallCompletion(
        @Schema(example = "Erased by hand in the legacy CRM", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank String reason) {
}
