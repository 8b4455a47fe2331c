package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** What {@code POST /api/v1/catalog/index} answers at once; the Location header names the same status URL. */
@Schema(description = "A full index was requested")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IndexJobAccepted(
        @Schema(description = "The job id: the id of the schema.index.requested event emitted",
                example = "7c9e6679-7425-40de-944b-e07fc1f90ae7") String jobId,
        @Schema(description = "Always queued here", example = "queued") String status,
        @Schema(description = "Where to read the job's status",
                example = "/api/v1/catalog/index-jobs/7c9e6679-7425-40de-944b-e07fc1f90ae7") String statusUrl) {
}
