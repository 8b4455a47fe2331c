package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A scheduled report job as an admin creates or changes it; enabled false pauses it. */
@Schema(description = "Runs a saved query on a Quartz cron schedule and mails the export")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduleRequest(
        @Schema(description = "The saved query to run", example = "monthly-orders") @NotBlank String favoriteQueryId,
        @Schema(description = "Quartz cron: seconds minutes hours day-of-month month day-of-week [year]",
                example = "0 0 7 1 * ?") @NotBlank @Size(max = 120) String cron,
        @Schema(description = "IANA time zone the cron is read in", example = "Europe/Istanbul")
        @NotBlank String timeZone,
        @Schema(description = "How the export is delivered", allowableValues = "email", example = "email")
        @NotNull @Pattern(regexp = "email") String deliveryChannel,
        @Schema(description = "The export's format", allowableValues = {"excel", "pdf", "csv"}, example = "excel")
        @NotNull @Pattern(regexp = "excel|pdf|csv") String deliveryFormat,
        @ArraySchema(schema = @Schema(description = "A mail address", example = "reports@acme.example"),
                minItems = 1, maxItems = 50)
        @NotEmpty @Size(max = 50) List<@NotBlank @Email @Size(max = 254) String> recipients,
        @Schema(description = "false pauses the schedule (a manual run still works)", example = "true")
        @NotNull Boolean enabled) {
}
