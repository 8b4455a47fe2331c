package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** One run of a scheduled report job. */
@Schema(description = "One run of a scheduled report job")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportRunView(
        UUID id,
        @Schema(example = "monthly-orders-mail") String jobId,
        @Schema(example = "monthly-orders") String favoriteQueryId,
        @Schema(description = "schedule or manual", example = "schedule") String trigger,
        @Schema(description = "The scheduled fire time (or the time of the manual request)") Instant runAt,
        @Schema(description = "queued, running, retrying, succeeded or failed", example = "succeeded") String status,
        @Schema(description = "Attempts made so far", example = "1") int attempts,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "When a failed attempt is tried again") Instant nextAttemptAt,
        @Schema(example = "200") Long rows,
        @Schema(example = "8192") Long bytes,
        @Schema(description = "The export holds fewer rows than the query returned (PDF row cap)") Boolean truncated,
        @Schema(description = "The export, relative to the tenant's storage",
                example = "exports/monthly-orders-mail/0b6f….xlsx") String file,
        @Schema(description = "When retention deleted the export file") Instant fileDeletedAt,
        @Schema(description = "Why the last attempt failed", example = "the query ran longer than the statement timeout")
        String error,
        @Schema(description = "The request_id of the run's events") UUID requestId) {
}
