package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A saved (favourite) report query as an admin saves it. */
@Schema(description = "A saved report query: one read-only SELECT on one of the tenant's datasources")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SavedQueryRequest(
        @Schema(description = "Display name, used in the report mail", example = "Orders of the month")
        @NotBlank @Size(max = 200) String name,
        @Schema(description = "One SELECT or WITH … SELECT; ? marks a parameter",
                example = "select id, customer, amount from orders where amount > ?")
        @NotBlank String sql,
        @Schema(description = "The datasource the query reads", example = "ds-reports")
        @NotBlank String datasourceId,
        @ArraySchema(schema = @Schema(description = "A string, number, boolean or null bound to the next ?",
                example = "100"), maxItems = 100)
        @Size(max = 100) List<Object> parameters) {
}
