package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** A business rule in natural language (a row of {@code context.business_rules}). */
@Schema(description = "A business rule in natural language")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BusinessRuleInput(
        @Schema(description = "Short name", example = "Active customer", requiredMode = Schema.RequiredMode.REQUIRED)
        String name,
        @Schema(description = "The rule", example = "A customer is active when they ordered in the last 90 days",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String description) {

    BusinessRuleInput checked() {
        CatalogInputs.required("name", name);
        CatalogInputs.required("description", description);
        return this;
    }
}
