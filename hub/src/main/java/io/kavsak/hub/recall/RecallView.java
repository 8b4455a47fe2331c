package io.kavsak.hub.recall;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A recall request as the admin and operator API shows it; {@code audit} only on a single request. */
public record RecallView(UUID id, String tenantId, String userId, RecallMode mode, RecallState state,
                         Instant requestedAt, Instant completedAt, Instant deadline, boolean slaBreached,
                         String externalRef, String requestedBy, int runs, String lastError,
                         String completedBy, String completionReason,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<RecallAuditEntry> audit) {

    public static RecallView of(RecallRequest r, List<RecallAuditEntry> audit) {
        return new RecallView(r.id(), r.tenantId(), r.userId(), r.mode(), r.state(), r.requestedAt(), r.completedAt(),
                r.deadline(), r.slaBreached(Instant.now()), r.externalRef(), r.requestedBy(), r.runs(), r.lastError(),
                r.completedBy(), r.completionReason(), audit);
    }
}
