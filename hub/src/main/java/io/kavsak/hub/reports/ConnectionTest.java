package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The outcome of connecting to a datasource: reachable with the server's version, or the reason it is not. */
@Schema(description = "Result of a connection test")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConnectionTest(
        boolean reachable,
        @Schema(example = "PostgreSQL 17.2") @JsonProperty("server_version") String serverVersion,
        @JsonProperty("elapsed_ms") long elapsedMs,
        @Schema(description = "Why the connection failed (null when reachable)") String error) {
}
