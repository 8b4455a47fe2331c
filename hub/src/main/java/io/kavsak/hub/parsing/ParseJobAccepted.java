package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the asynchronous parse operations answer at once ({@link ParserApi}); Location names the job. */
@Schema(name = "ParseJobAccepted", description = "A parse job was created")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ParseJobAccepted(@Schema(example = "7c9e6679-7425-40de-944b-e07fc1f90ae7") String jobId,
                               @Schema(example = "processing") String status,
                               @Schema(example = "Job created successfully. Check status at "
                                       + "/api/v1/parser/job/7c9e6679-7425-40de-944b-e07fc1f90ae7") String message) {
}
