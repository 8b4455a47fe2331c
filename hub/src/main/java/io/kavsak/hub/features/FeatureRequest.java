package io.kavsak.hub.features;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import java.util.Map;

/** The body of {@code PUT /api/v1/features/{userId}}; {@link FeatureApi} reads it field by field. */
@Schema(name = "FeatureRequest", description = "Feature values of a user, by feature name")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeatureRequest(
        @Schema(description = "Feature name to number; at least one", example = "{\"payment_timeliness\": 0.9}",
                requiredMode = Schema.RequiredMode.REQUIRED) @NotEmpty Map<String, Double> features) {
}
