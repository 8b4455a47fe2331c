package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The hits of a search, best first. */
@Schema(description = "Search hits, best first")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SearchAnswer(
        @Schema(description = "The model the question and the hits were embedded with", example = "all-minilm-l6-v2")
        String model,
        @Schema(description = "Hits, best first") List<SearchHit> hits) {
}
