package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** An exposed table or view with its exposed columns, as the catalog API answers it. */
@Schema(description = "An exposed table or view with its columns")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExposedObject(
        @Schema(description = "Object id", example = "3f0c6f8e-2b5a-4d8e-9b7e-0d1c2a3b4c5d") String id,
        @Schema(description = "Owning tenant", example = "acme") String tenantId,
        @Schema(description = "Datasource id", example = "ds-uuid-1") String datasourceId,
        @Schema(description = "Object name", example = "sales.orders") String objectName,
        @Schema(description = "table or view", example = "table") String objectType,
        @Schema(description = "Display name", example = "Orders") String displayName,
        @Schema(description = "Description", example = "One row per customer order") String description,
        @Schema(description = "Enabled for NL-to-SQL", example = "true") boolean isEnabled,
        @Schema(description = "Its columns") List<ExposedColumn> columns,
        @Schema(description = "Last change") Instant updatedAt) {
}
