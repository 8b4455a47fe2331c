package io.kavsak.hub.recall;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/tenants/{tenantId}/recalls}; {@link RecallApi} reads it field by field. */
@Schema(name = "RecallCreateRequest", description = "An admin or the operator asks for a recall of a user's data")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecallCreateRequest(
        @Schema(description = "The user whose data is recalled", example = "user-42",
                requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank String userId,
        @Schema(example = "ANONYMIZE", requiredMode = Schema.RequiredMode.REQUIRED) @NotNull RecallMode mode,
        @Schema(description = "The caller's own reference; a second request with it answers the first (200)",
                example = "ticket-2026-118", minLength = 1, maxLength = 253) @Size(min = 1, max = 253)
        String externalRef) {
}
