package io.kavsak.hub.reminders;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** Answer of {@code DELETE /api/v1/appointments/{appointmentId}}. */
@Schema(description = "A cancelled appointment: it and its reminders are gone")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AppointmentCancelled(
        @JsonProperty("appointment_id") @Schema(description = "The appointment's id", example = "appt-1001")
        String appointmentId,
        @JsonProperty("pending_reminders_removed")
        @Schema(description = "Reminders that had not fired yet and now never will", example = "2")
        int pendingRemindersRemoved) {
}
