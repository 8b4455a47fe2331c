package io.kavsak.hub.tenant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A tenant of the hub, as the operator registers it. */
@Schema(name = "Tenant", description = "A registered tenant")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Tenant(@Schema(example = "acme") String tenantId,
                     @Schema(example = "Acme Lending") String displayName,
                     @Schema(example = "privacy@acme.test") String privacyContact,
                     @Schema(example = "/var/lib/kavsak/tenants/acme") String storagePath,
                     @Schema(description = "false once deactivated; its data is kept", example = "true") boolean active,
                     @Schema(example = "2026-11-23T10:15:30Z") Instant createdAt,
                     @Schema(example = "2026-11-23T10:15:30Z") Instant updatedAt) {
}
