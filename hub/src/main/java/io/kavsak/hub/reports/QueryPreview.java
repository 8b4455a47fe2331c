package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The first rows of a report query, as run read-only on the datasource. */
@Schema(description = "The first rows of a query (at most kavsak.reports.preview-rows)")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueryPreview(
        List<String> columns,
        List<List<Object>> rows,
        @Schema(description = "True when the query had more rows than were returned") boolean truncated,
        @JsonProperty("elapsed_ms") long elapsedMs) {
}
