package io.kavsak.hub.recall;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of recall requests as {@code GET .../recalls} answers it ({@code web/PageAnswer}). */
@Schema(name = "RecallPage", description = "A page of recall requests, newest first; X-Total-Count holds total")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecallPage(List<RecallView> items, @Schema(example = "0") int page, @Schema(example = "20") int size,
                         @Schema(example = "1") long total) {
}
