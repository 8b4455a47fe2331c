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

    /** The most datasources one request may name, and the longest id. */
    static final int MAX_DATASOURCES = 100;
    static final int MAX_ID_LENGTH = 200;

    IndexRequest checked() {
        String invalid = invalid(datasourceIds);
        if (invalid != null) {
            throw io.kavsak.hub.web.ApiProblem.badRequest("datasource_ids", invalid);
        }
        return this;
    }

    /** Why a list of datasource ids cannot be indexed (from the API or another service's event), or null. */
    static String invalid(List<String> ids) {
        if (ids == null || ids.isEmpty() || ids.stream().anyMatch(id -> id == null || id.isBlank())) {
            return "'datasource_ids' lists at least one id";
        }
        if (ids.size() > MAX_DATASOURCES) {
            return "'datasource_ids' lists at most " + MAX_DATASOURCES + " ids";
        }
        if (ids.stream().anyMatch(id -> id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl))) {
            return "a datasource id has at most " + MAX_ID_LENGTH + " characters and no control characters";
        }
        return null;
    }
}
