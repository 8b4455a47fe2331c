package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** A column of an exposed object (a row of {@code catalog.exposed_columns}). */
@Schema(description = "A column of an exposed object")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExposedColumnInput(
        @Schema(description = "Column name", example = "order_total", requiredMode = Schema.RequiredMode.REQUIRED)
        String columnName,
        @Schema(description = "Database type", example = "numeric(12,2)", requiredMode = Schema.RequiredMode.REQUIRED)
        String dataType,
        @Schema(description = "Logical type", example = "currency")
        String logicalType,
        @Schema(description = "What the column means", example = "Order total including VAT")
        String description,
        @Schema(description = "Holds personal data: indexed by name and description only", example = "false")
        Boolean isPii,
        @Schema(description = "Whether NL-to-SQL may use it (default true)", example = "true")
        Boolean isExposed) {

    ExposedColumnInput checked() {
        CatalogInputs.required("column_name", columnName);
        CatalogInputs.required("data_type", dataType);
        return this;
    }
}
