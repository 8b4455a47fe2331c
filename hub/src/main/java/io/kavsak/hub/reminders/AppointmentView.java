package io.kavsak.hub.reminders;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** An appointment as the API answers it, with the state of each of its reminders. */
@Schema(description = "An appointment and its reminders")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AppointmentView(
        @JsonProperty("appointment_id") @Schema(description = "The appointment's id", example = "appt-1001")
        String appointmentId,
        @JsonProperty("user_id") @Schema(description = "The user it belongs to", example = "user-42")
        String userId,
        @JsonProperty("starts_at") @Schema(description = "Start, in its time zone", example = "2026-12-08T10:30:00+03:00")
        String startsAt,
        @JsonProperty("time_zone") @Schema(description = "IANA time zone", example = "Europe/Istanbul")
        String timeZone,
        @Schema(description = "Title", example = "Dentist check-up")
        String title,
        @Schema(description = "Reminder channels", example = "[\"log\", \"email\"]")
        List<String> channels,
        @Schema(description = "One reminder per channel; reminders of earlier times stay as history")
        List<Reminder> reminders) {

    /** One channel's reminder. */
    @Schema(description = "A reminder: PENDING until it fires, then SENT, FAILED (retries used up) or MISSED "
            + "(its time passed while no hub ran and the appointment had started)")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Reminder(
            @Schema(description = "Channel", example = "email") String channel,
            @JsonProperty("due_at") @Schema(description = "When it is due", example = "2026-12-08T06:30:00Z")
            Instant dueAt,
            @Schema(description = "PENDING, SENT, FAILED or MISSED", example = "PENDING") String status,
            @Schema(description = "Attempts made", example = "0") int attempts,
            @JsonProperty("fired_at") @Schema(description = "When it was sent, failed or missed", example = "2026-12-08T06:30:00.4Z")
            Instant firedAt,
            @JsonProperty("last_error") @Schema(description = "Why the last attempt failed", example = "null")
            String lastError) {
    }
}
