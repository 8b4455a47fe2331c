package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A datasource as an admin registers or replaces it; the password is write-only. */
@Schema(description = "A tenant database that report queries read")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatasourceRequest(
        @Schema(description = "PostgreSQL JDBC URL", example = "jdbc:postgresql://db.acme.internal:5432/sales")
        @NotBlank @JsonProperty("jdbc_url") String jdbcUrl,
        @Schema(description = "Database login", example = "report_reader") @NotBlank String username,
        @Schema(description = "Password, stored encrypted and never returned", example = "s3cret",
                accessMode = Schema.AccessMode.WRITE_ONLY) @NotBlank String password,
        @Schema(description = "Schema put first on the search path (optional)", example = "public")
        @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_$]{0,62}") String schema) {
}
