package io.kavsak.hub.training;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What {@code GET /api/v1/training-set} answers ({@link TrainingApi#trainingSet}). */
@Schema(name = "TrainingSetPage", description = "Training events after a position; never an excluded user's")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingSetPage(List<Item> items,
                              @Schema(description = "Pass as after for the next page; null at the end",
                                      example = "1042") Long nextAfter) {

    @Schema(name = "TrainingSetItem")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(@Schema(example = "1042") long position, @Schema(example = "user-42") String userId,
                       @Schema(example = "evt-2026-0001") String trainingEventId,
                       @Schema(example = "repayment") String kind,
                       @Schema(description = "Any JSON object",
                               additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> payload,
                       Instant occurredAt) {
    }
}
