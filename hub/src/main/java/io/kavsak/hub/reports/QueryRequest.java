package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/** A report query to check or preview. */
@Schema(description = "A single read-only SELECT or WITH … SELECT statement")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueryRequest(@Schema(example = "select id, amount from orders") @NotBlank String sql) {
}
