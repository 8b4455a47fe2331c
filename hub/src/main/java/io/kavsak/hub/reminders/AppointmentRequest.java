package io.kavsak.hub.reminders;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.time.OffsetDateTime;
import java.util.List;

/** Body of {@code PUT /api/v1/appointments/{appointmentId}}: an appointment to remind its user of. */
@Schema(description = "An appointment; its reminder fires kavsak.reminders.offset-minutes before starts_at")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AppointmentRequest(
        @JsonProperty("user_id") @NotNull @Pattern(regexp = AppointmentsApi.ID, message = AppointmentsApi.ID_RULE)
        @Schema(description = "The user the appointment belongs to (a recall of this user erases it)",
                example = "user-42")
        String userId,
        @JsonProperty("starts_at") @NotNull
        @Schema(description = "When the appointment starts: ISO-8601 with its UTC offset; must be in the future",
                example = "2026-12-08T10:30:00+03:00")
        OffsetDateTime startsAt,
        @JsonProperty("time_zone") @Size(max = 64)
        @Schema(description = "IANA time zone the time is shown in; default: the offset of starts_at",
                example = "Europe/Istanbul")
        String timeZone,
        @NotBlank @Size(max = 200)
        @Schema(description = "What the appointment is, shown in the reminder", example = "Dentist check-up")
        String title,
        @NotEmpty @Size(max = 5)
        @ArraySchema(schema = @Schema(description = "A reminder channel: log or email", example = "email"))
        List<@NotBlank String> channels,
        @Email @Size(max = 320)
        @Schema(description = "Recipient of the email channel (personal data); required with channel email",
                example = "ayse@example.com")
        String email,
        @Pattern(regexp = "^[a-z]{2}(-[A-Z]{2})?$", message = "a language tag such as en or tr")
        @Schema(description = "Language of the reminder mail (built-in: en, tr); default: the hub's",
                example = "tr")
        String locale) {
}
