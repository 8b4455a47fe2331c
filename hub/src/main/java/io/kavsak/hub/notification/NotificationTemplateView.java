package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** The template a tenant's mails of one name and locale are rendered with. */
@Schema(description = "The template a tenant's mails of this name and locale are rendered with")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationTemplateView(
        @Schema(description = "Template name, the body_template of a request", example = "monthly_export_report")
        String name,
        @Schema(description = "Locale (language tag)", example = "tr") String locale,
        @Schema(description = "tenant: the tenant's own version; built-in: shipped with Kavsak",
                allowableValues = {"tenant", "built-in"}) String source,
        String subject,
        String html,
        String text,
        @Schema(description = "When the tenant saved its version; null for a built-in template") Instant updatedAt) {
}
