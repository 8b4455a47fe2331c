package io.kavsak.hub.training;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** What {@code POST /api/v1/training-events} answers ({@link TrainingApi#record}). */
@Schema(name = "TrainingEventRecorded", description = "The outcome of recording a training event")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingEventRecorded(@Schema(example = "evt-2026-0001") String trainingEventId,
                                    @Schema(example = "user-42") String userId,
                                    @Schema(example = "RECORDED") TrainingLog.Outcome outcome,
                                    @Schema(description = "true when a recall excluded the user", example = "false")
                                    boolean excluded) {
}
