package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** A table or view a tenant admin exposes to NL-to-SQL (a row of {@code catalog.exposed_objects}). */
@Schema(description = "A table or view exposed to NL-to-SQL")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExposedObjectInput(
        @Schema(description = "The datasource the object lives in", example = "ds-uuid-1", requiredMode = Schema.RequiredMode.REQUIRED)
        String datasourceId,
        @Schema(description = "Object name in the datasource", example = "sales.orders", requiredMode = Schema.RequiredMode.REQUIRED)
        String objectName,
        @Schema(description = "table or view", example = "table", allowableValues = {"table", "view"})
        String objectType,
        @Schema(description = "Name shown to users", example = "Orders")
        String displayName,
        @Schema(description = "What the object holds, in plain words", example = "One row per customer order")
        String description,
        @Schema(description = "Whether NL-to-SQL may use it (default true)", example = "true")
        Boolean isEnabled) {

    ExposedObjectInput checked() {
        CatalogInputs.required("datasource_id", datasourceId);
        CatalogInputs.required("object_name", objectName);
        if (objectType != null && !objectType.equals("table") && !objectType.equals("view")) {
            throw io.kavsak.hub.web.ApiProblem.badRequest("object_type", "'object_type' is 'table' or 'view'");
        }
        return this;
    }
}
