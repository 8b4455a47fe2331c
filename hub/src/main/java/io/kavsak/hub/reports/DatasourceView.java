package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A registered datasource as the API shows it: never with its password. */
@Schema(description = "A registered tenant datasource (the password is never returned)")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatasourceView(
        @Schema(example = "sales") String id,
        @Schema(example = "jdbc:postgresql://db.acme.internal:5432/sales") @JsonProperty("jdbc_url") String jdbcUrl,
        @Schema(example = "report_reader") String username,
        @Schema(example = "public") String schema,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {
}
