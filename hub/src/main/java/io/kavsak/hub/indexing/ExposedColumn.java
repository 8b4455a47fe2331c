package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** An exposed column, as the catalog API answers it. */
@Schema(description = "An exposed column")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExposedColumn(
        @Schema(description = "Column id") String id,
        @Schema(description = "The object it belongs to") String exposedObjectId,
        @Schema(description = "Column name", example = "order_total") String columnName,
        @Schema(description = "Database type", example = "numeric(12,2)") String dataType,
        @Schema(description = "Logical type", example = "currency") String logicalType,
        @Schema(description = "Description") String description,
        @Schema(description = "Holds personal data") boolean isPii,
        @Schema(description = "Exposed to NL-to-SQL") boolean isExposed,
        @Schema(description = "Last change") Instant updatedAt) {
}
