package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code POST /api/v1/parser/parse-text(-async)}; {@link ParserApi} reads it field by field. */
@Schema(name = "ParseTextRequest", description = "CV or free text to parse")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ParseTextRequest(
        @Schema(description = "The token's subject (a service may name any user)", example = "user-42",
                requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank String userId,
        @Schema(example = "session-7", requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank String sessionId,
        @Schema(example = "Software engineer with 5 years of Java and Kafka.",
                requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank String text,
        @Schema(description = "basic (default) or advanced (the configured LLM)", allowableValues = {"basic", "advanced"},
                example = "basic") String parseMode) {
}
