package io.kavsak.hub.training;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import java.time.OffsetDateTime;
import java.util.Map;

/** The body of {@code POST /api/v1/training-events}; {@link TrainingApi} reads it field by field. */
@Schema(name = "TrainingEventRequest", description = "A training event of a user")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingEventRequest(
        @Schema(example = "user-42", requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank String userId,
        @Schema(example = "repayment", requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank String kind,
        @Schema(description = "Any JSON object", example = "{\"amount\": 120.5}",
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> payload,
        @Schema(description = "The caller's id of the event; a repeated id answers DUPLICATE (200)",
                example = "evt-2026-0001") String trainingEventId,
        @Schema(description = "ISO-8601 with offset; default now", example = "2026-11-23T10:15:30Z")
        OffsetDateTime occurredAt) {
}
