package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** Why a user said a query's result was wrong (a row of {@code context.query_feedback}). */
@Schema(description = "A user's feedback that a query result was wrong")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueryFeedbackInput(
        @Schema(description = "The query run", example = "query-run-uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        String queryRunId,
        @Schema(description = "Kind of mistake", example = "business_wrong", requiredMode = Schema.RequiredMode.REQUIRED)
        String feedbackType,
        @Schema(description = "The user's explanation", example = "It must not include these countries")
        String feedbackText) {

    QueryFeedbackInput checked() {
        CatalogInputs.required("query_run_id", queryRunId);
        CatalogInputs.required("feedback_type", feedbackType);
        return this;
    }
}
