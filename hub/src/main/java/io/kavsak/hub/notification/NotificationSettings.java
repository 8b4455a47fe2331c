package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A tenant's notification settings: the locale its mails are written in unless a request names one, and its
 * rate limit in mails per minute (null: the hub's default; 0: none).
 */
@Schema(description = "A tenant's notification settings")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationSettings(
        @Schema(description = "Language tag of the tenant's mails (a request's own locale wins)", example = "tr")
        @NotBlank @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a language tag such as en or tr")
        String locale,
        @Schema(description = "Mails per minute; more wait in order (null: the hub's default, 0: no limit)",
                example = "60")
        @Min(0) @Max(100000) Integer mailsPerMinute) {
}
