package io.kavsak.hub.recall;

import java.util.UUID;

/** One recall request as the erasure targets see it. */
public record RecallJob(UUID recallId, String tenantId, String userId, RecallMode mode) {
}
