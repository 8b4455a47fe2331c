package io.kavsak.hub.reports;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/** A report query to check or preview. */
@Schema(description = "A single read-only SELECT or WITH … SELECT statement")
public record QueryRequest(@Schema(example = "select id, amount from orders") @NotBlank String sql) {
}
