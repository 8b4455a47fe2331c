package io.kavsak.hub.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** The OpenAPI description of the RFC 9457 problem document {@link Problems} writes for every failure. */
@Schema(name = "Problem", description = "RFC 9457 problem details, sent as application/problem+json",
        example = "{\"type\": \"about:blank\", \"title\": \"Invalid request\", \"status\": 400,"
                + " \"detail\": \"'display_name' is required\", \"instance\": \"/api/v1/tenants/acme\","
                + " \"field\": \"display_name\"}")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Problem(
        @Schema(description = "Problem type; always about:blank", example = "about:blank",
                requiredMode = Schema.RequiredMode.REQUIRED) String type,
        @Schema(description = "Short summary of the problem", example = "Invalid request",
                requiredMode = Schema.RequiredMode.REQUIRED) String title,
        @Schema(description = "The HTTP status", example = "400", requiredMode = Schema.RequiredMode.REQUIRED)
        int status,
        @Schema(description = "What went wrong, for a human; a 500 names an error id found in the hub's log",
                example = "'display_name' is required") String detail,
        @Schema(description = "The request path", example = "/api/v1/tenants/acme") String instance,
        @Schema(description = "Extension: the request field, parameter or part at fault (400 only)",
                example = "display_name") String field) {
}
