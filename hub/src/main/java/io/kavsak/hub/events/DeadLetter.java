package io.kavsak.hub.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One stored dead letter: the original record verbatim, where it came from, and why it failed. */
@Schema(name = "DeadLetter", description = "A stored dead letter with its original event verbatim")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetter(UUID id, @Schema(example = "acme") String tenantId, List<String> userIds, String eventId,
                         @Schema(example = "feature.upserted") String eventType,
                         @Schema(example = "feature.upserted") String sourceTopic, Integer sourcePartition, Long sourceOffset, String recordKey,
                         String originalEvent, String reason, String errorType, int attempts, Status status,
                         Instant failedAt, Instant replayedAt, String replayedBy) {

    public enum Status { PENDING, REPLAYED }
}
