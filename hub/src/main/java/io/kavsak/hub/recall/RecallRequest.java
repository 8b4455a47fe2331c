package io.kavsak.hub.recall;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code recall_request}: what was asked, by whom, and how far the pipeline got. */
public record RecallRequest(UUID id, String tenantId, String userId, RecallMode mode, RecallState state,
                            Instant requestedAt, Instant completedAt, Instant deadline, String externalRef,
                            String requestedBy, int runs, String lastError, String completedBy,
                            String completionReason) {

    /** Completed after its deadline, or still open past it. */
    public boolean slaBreached(Instant now) {
        return (completedAt == null ? now : completedAt).isAfter(deadline);
    }

    public RecallJob job() {
        return new RecallJob(id, tenantId, userId, mode);
    }
}
