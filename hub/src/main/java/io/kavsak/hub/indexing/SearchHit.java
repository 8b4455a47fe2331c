package io.kavsak.hub.indexing;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** One search result. */
@Schema(description = "A record that answers the question")
public record SearchHit(
        @Schema(description = "Fused score (reciprocal rank fusion in hybrid mode)", example = "0.0328") double score,
        @Schema(description = "Collection", example = "schema_columns") String collection,
        @Schema(description = "Record id in the Metadata DB") String recordId,
        @Schema(description = "The embedded text") String text,
        @Schema(description = "What the record is: object, column, datasource and so on") Map<String, String> metadata) {
}
