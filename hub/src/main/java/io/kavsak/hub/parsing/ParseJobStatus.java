package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A parse job's state as {@code GET /api/v1/parser/job/{job_id}} answers it ({@link ParserApi}). */
@Schema(name = "ParseJobStatus", description = "A parse job: processing, success or failed")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ParseJobStatus(@Schema(example = "7c9e6679-7425-40de-944b-e07fc1f90ae7") String jobId,
                             @Schema(allowableValues = {"processing", "success", "failed"}, example = "success")
                             String status,
                             @Schema(example = "user-42") String userId, @Schema(example = "session-7") String sessionId,
                             @Schema(example = "cv.pdf") String fileName, @Schema(example = "en") String cvLanguage,
                             @Schema(example = "1.42") Double processingTimeSeconds, String errorMessage,
                             Instant createdAt, Instant updatedAt) {
}
