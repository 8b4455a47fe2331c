package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/** A finished job's parsed profile as {@code GET /api/v1/parser/result/{job_id}} answers it ({@link ParserApi}). */
@Schema(name = "ParseResult", description = "A finished parse job with its parsed profile")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ParseResult(@Schema(example = "7c9e6679-7425-40de-944b-e07fc1f90ae7") String id,
                          @Schema(example = "user-42") String userId, @Schema(example = "session-7") String sessionId,
                          String storedFilePath,
                          @Schema(description = "The parsed profile (see CvProfileSchema); null when failed",
                                  example = "{\"skills\": [\"Java\", \"Kafka\"]}",
                                  additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                          Map<String, Object> parsedData,
                          @Schema(example = "en") String cvLanguage, @Schema(example = "cv.pdf") String fileName,
                          @Schema(example = "1.42") Double processingTimeSeconds,
                          @Schema(allowableValues = {"success", "failed"}, example = "success") String status,
                          String errorMessage, Instant createdAt, Instant updatedAt) {
}
