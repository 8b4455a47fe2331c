package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The tenant's most recent full index jobs, newest first. */
@Schema(description = "The tenant's most recent full index jobs, newest first")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IndexJobList(@Schema(description = "Jobs, newest first") List<IndexJob> jobs) {
}
