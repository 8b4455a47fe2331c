package io.kavsak.hub.tenant;

import java.time.Instant;

/** A tenant of the hub, as the operator registers it. */
public record Tenant(String tenantId, String displayName, String privacyContact, String storagePath,
                    boolean active, Instant createdAt, Instant updatedAt) {
}
