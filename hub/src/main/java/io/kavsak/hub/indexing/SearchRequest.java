package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A question to the caller's tenant's index (the NL-to-SQL service asks before writing SQL). */
@Schema(description = "A search of the caller's tenant's index")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SearchRequest(
        @Schema(description = "The question", example = "total order value per country",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String question,
        @Schema(description = "Collections to search (default all)", example = "[\"schema_objects\", \"schema_columns\"]")
        List<String> collections,
        @Schema(description = "How many hits, 1-100 (default 10)", example = "5")
        Integer k,
        @Schema(description = "Only records of this datasource (business rules have none)", example = "ds-uuid-1")
        String datasourceId) {

    static final int MAX_K = 100;

    SearchRequest checked() {
        CatalogInputs.required("question", question);
        if (k != null && (k < 1 || k > MAX_K)) {
            throw io.kavsak.hub.web.ApiProblem.badRequest("k", "'k' is between 1 and " + MAX_K);
        }
        if (collections != null) {
            collections.forEach(c -> Collection.of(c).orElseThrow(() -> io.kavsak.hub.web.ApiProblem.badRequest(
                    "collections", "unknown collection '" + c + "'")));
        }
        return this;
    }

    List<Collection> collectionList() {
        return collections == null || collections.isEmpty() ? List.of(Collection.values())
                : collections.stream().map(c -> Collection.of(c).orElseThrow()).toList();
    }

    int kOrDefault() {
        return k == null ? 10 : k;
    }
}
