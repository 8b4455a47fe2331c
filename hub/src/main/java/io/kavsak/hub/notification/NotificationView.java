package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** One entry of a tenant's notification log (the recipient's address is not shown). */
@Schema(description = "One notification of the tenant's log")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationView(
        UUID id,
        @Schema(description = "event_id of the notification.email.requested event") String eventId,
        @Schema(example = "monthly_export_report") String template,
        @Schema(example = "tr") String locale,
        @Schema(allowableValues = {"PENDING", "SENDING", "SENT", "FAILED"}) String status,
        @Schema(description = "The provider that took the mail (or refused it last)", example = "primary")
        String provider,
        @Schema(description = "The SMTP Message-ID, derived from the event id") String smtpMessageId,
        @Schema(description = "Passes over the providers", example = "1") int attempts,
        @Schema(description = "Why the notification failed") String reason,
        @Schema(example = "scheduler") String requestedBy,
        Instant requestedAt,
        Instant acceptedAt,
        Instant finishedAt) {
}
