package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A request to (re)index a tenant's datasources: emits {@code schema.index.requested}. */
@Schema(description = "Which datasources to index again")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IndexRequest(
        @Schema(description = "Datasource ids", example = "[\"ds-uuid-1\"]", requiredMode = Schema.RequiredMode.REQUIRED)
        List<String> datasourceIds,
        @Schema(description = "Why", example = "onboarding_completed")
        String reason) {

    IndexRequest checked() {
        if (datasourceIds == null || datasourceIds.isEmpty() || datasourceIds.stream().anyMatch(
                id -> id == null || id.isBlank())) {
            throw io.kavsak.hub.web.ApiProblem.badRequest("datasource_ids", "'datasource_ids' lists at least one id");
        }
        return this;
    }
}
