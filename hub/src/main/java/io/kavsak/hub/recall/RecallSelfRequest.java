package io.kavsak.hub.recall;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** The body of {@code POST /api/v1/consent/recall}; {@link RecallApi} reads it field by field. */
@Schema(name = "RecallSelfRequest", description = "The caller asks for a recall of their own data")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecallSelfRequest(
        @Schema(description = "FULL_EXCLUDE erases the user's data, ANONYMIZE keeps it without the person",
                example = "FULL_EXCLUDE", requiredMode = Schema.RequiredMode.REQUIRED) @NotNull RecallMode mode) {
}
