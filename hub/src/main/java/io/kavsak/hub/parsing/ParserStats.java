package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** The caller's tenant's parse statistics as {@code GET /api/v1/parser/stats} answers them ({@link ParserApi}). */
@Schema(name = "ParserStats", description = "Status distribution, average processing time and failure rate")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ParserStats(@Schema(example = "acme") String tenantId, @Schema(example = "12") long totalJobs,
                          @Schema(example = "{\"processing\": 1, \"success\": 10, \"failed\": 1}")
                          Map<String, Long> statusDistribution,
                          @Schema(example = "1.42") Double averageProcessingTimeSeconds,
                          @Schema(example = "0.0909") double failureRate) {
}
