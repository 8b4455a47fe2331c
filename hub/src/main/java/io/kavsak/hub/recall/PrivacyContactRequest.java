package io.kavsak.hub.recall;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code PUT .../privacy-contacts/{userId}}; {@link RecallApi} reads it field by field. */
@Schema(name = "PrivacyContactRequest", description = "Where a user's recall confirmation is sent")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PrivacyContactRequest(
        @Schema(format = "email", example = "jane@example.test", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank @Email String email) {
}
