package io.kavsak.hub.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of dead letters as {@code GET .../dead-letters} answers it ({@code web/PageAnswer}). */
@Schema(name = "DeadLetterPage", description = "A page of dead letters, newest first; X-Total-Count holds total")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetterPage(List<DeadLetter> items, @Schema(example = "0") int page,
                             @Schema(example = "20") int size, @Schema(example = "1") long total) {
}
