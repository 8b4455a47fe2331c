package io.kavsak.hub.recall;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** A user's recall confirmation address, as {@code PUT .../privacy-contacts/{userId}} answers it. */
@Schema(name = "PrivacyContact", description = "The address a user's recall confirmation goes to")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PrivacyContact(@Schema(example = "acme") String tenantId,
                             @Schema(example = "user-42") String userId,
                             @Schema(example = "jane@example.test") String email) {
}
