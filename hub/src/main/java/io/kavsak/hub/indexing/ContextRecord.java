package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to a write of a golden QA pair or a feedback: the stored record's id. */
@Schema(description = "The id of a stored context record")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ContextRecord(@Schema(description = "Record id") String id) {
}
