package io.kavsak.hub.recall;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A recall request as the admin and operator API shows it; {@code audit} only on a single request. */
@Schema(name = "RecallView", description = "A recall request; audit only on a single request")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecallView(@Schema(example = "0b6f2c1e-8a4d-4c55-9a51-1f0e7e2d9c3a") UUID id,
                         @Schema(example = "acme") String tenantId, @Schema(example = "user-42") String userId, RecallMode mode, RecallState state,
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
