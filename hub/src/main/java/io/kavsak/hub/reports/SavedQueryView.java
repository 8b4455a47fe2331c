package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A saved report query as the API returns it. */
@Schema(description = "A saved report query")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SavedQueryView(
        @Schema(example = "monthly-orders") String id,
        @Schema(example = "Orders of the month") String name,
        @Schema(example = "select id, customer, amount from orders where amount > ?") String sql,
        @Schema(example = "ds-reports") String datasourceId,
        @Schema(description = "Values bound to the ? placeholders, in order", example = "[100]") List<Object> parameters,
        Instant createdAt,
        Instant updatedAt) {
}
