package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A scheduled report job as the API returns it, with its next fire time from Quartz. */
@Schema(description = "A scheduled report job")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduleView(
        @Schema(example = "monthly-orders-mail") String id,
        @Schema(example = "monthly-orders") String favoriteQueryId,
        @Schema(example = "0 0 7 1 * ?") String cron,
        @Schema(example = "Europe/Istanbul") String timeZone,
        @Schema(example = "email") String deliveryChannel,
        @Schema(example = "excel") String deliveryFormat,
        @Schema(example = "[\"reports@acme.example\"]") List<String> recipients,
        @Schema(example = "true") boolean enabled,
        @Schema(description = "The next scheduled run; null when paused") Instant nextRunAt,
        Instant createdAt,
        Instant updatedAt) {
}
