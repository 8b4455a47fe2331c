package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A full index of a tenant's datasources (one schema.index.requested event) and how far it got. */
@Schema(description = "A full index job: one schema.index.requested event and its progress")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IndexJob(
        @Schema(description = "The job id: the id of its schema.index.requested event",
                example = "7c9e6679-7425-40de-944b-e07fc1f90ae7") String jobId,
        @Schema(description = "Datasources indexed", example = "[\"ds-uuid-1\"]") List<String> datasourceIds,
        @Schema(description = "Why the index was asked for", example = "requested_by_admin") String reason,
        @Schema(description = "queued (not picked up yet), running, retrying (an attempt failed and the event is"
                + " retried: an outage waited out, or a bounded redelivery; see error), done, or failed (the event"
                + " was dead-lettered; see error)", example = "running",
                allowableValues = {"queued", "running", "retrying", "done", "failed"}) String status,
        @Schema(description = "Records (enabled objects and exposed columns) to index; null until it runs",
                example = "600") Integer recordsTotal,
        @Schema(description = "Records done so far", example = "256") int recordsDone,
        @Schema(description = "Records embedded so far (unchanged ones are not embedded again)", example = "256")
        int embedded,
        @Schema(description = "Vectors of records no longer enabled that were removed", example = "0") int removed,
        @Schema(description = "When the hub first recorded the job") Instant requestedAt,
        @Schema(description = "When the consumer first picked it up") Instant startedAt,
        @Schema(description = "Last change of the row") Instant updatedAt,
        @Schema(description = "When it ended: done or failed") Instant finishedAt,
        @Schema(description = "Why the last attempt failed (retrying, failed)",
                example = "'datasource_ids' lists at least one id") String error) {
}
