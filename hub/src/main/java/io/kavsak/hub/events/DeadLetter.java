package io.kavsak.hub.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One stored dead letter: the original record verbatim, where it came from, and why it failed. */
public record DeadLetter(UUID id, String tenantId, List<String> userIds, String eventId, String eventType,
                         String sourceTopic, Integer sourcePartition, Long sourceOffset, String recordKey,
                         String originalEvent, String reason, String errorType, int attempts, Status status,
                         Instant failedAt, Instant replayedAt, String replayedBy) {

    public enum Status { PENDING, REPLAYED }
}
