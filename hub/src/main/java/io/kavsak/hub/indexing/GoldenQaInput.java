package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** A question-SQL pair a user marked correct (a row of {@code context.golden_qa}). */
@Schema(description = "A question and the SQL a user marked correct")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GoldenQaInput(
        @Schema(description = "Datasource id", example = "ds-uuid-1", requiredMode = Schema.RequiredMode.REQUIRED)
        String datasourceId,
        @Schema(description = "The query run it came from", example = "query-run-uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        String queryRunId,
        @Schema(description = "The question", example = "Total sales per country last month",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String questionText,
        @Schema(description = "The SQL", example = "select country, sum(total) from sales.orders group by country",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String sqlText) {

    GoldenQaInput checked() {
        CatalogInputs.required("datasource_id", datasourceId);
        CatalogInputs.required("query_run_id", queryRunId);
        CatalogInputs.required("question_text", questionText);
        CatalogInputs.required("sql_text", sqlText);
        return this;
    }
}
