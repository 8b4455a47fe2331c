package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** An accepted report query: the parser saw one read-only SELECT. */
@Schema(description = "The query was accepted")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueryCheck(boolean accepted, @Schema(example = "SELECT") String statement) {
}
