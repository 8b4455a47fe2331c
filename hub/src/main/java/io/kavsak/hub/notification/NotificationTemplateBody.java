package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A tenant's version of a template: three FreeMarker sources, checked to compile when saved. */
@Schema(description = "A tenant's version of a notification template (FreeMarker); values come from body_params")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationTemplateBody(
        @Schema(description = "Subject line template", example = "Your report for ${month} is ready")
        @NotBlank @Size(max = 998) String subject,
        @Schema(description = "HTML body template; every value is HTML-escaped",
                example = "<p>Your report for <b>${month}</b> covers ${country_count} countries.</p>")
        @NotBlank @Size(max = 200000) String html,
        @Schema(description = "Plain-text alternative of the HTML body",
                example = "Your report for ${month} covers ${country_count} countries.")
        @NotBlank @Size(max = 200000) String text) {
}
