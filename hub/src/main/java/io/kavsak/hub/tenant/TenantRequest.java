package io.kavsak.hub.tenant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code PUT /api/v1/tenants/{tenantId}}; {@link TenantApi} reads it field by field. */
@Schema(name = "TenantRequest", description = "A tenant as the operator registers it, or as its admin renames it")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TenantRequest(
        @Schema(description = "Name shown to people", example = "Acme Lending") @NotBlank String displayName,
        @Schema(description = "Where data subjects write about their data", example = "privacy@acme.test")
        @Email String privacyContact,
        @Schema(description = "Storage directory of the tenant's files (operator only)",
                example = "/var/lib/kavsak/tenants/acme") String storagePath) {
}
