package io.kavsak.hub.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** An access token and the refresh token that replaces it (OAuth 2.0 token response field names). */
@Schema(description = "A hub-signed access token and its refresh token")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenPair(
        @JsonProperty("access_token") @Schema(description = "JWT signed by the hub: sub, tenant_id, roles [user], sid")
        String accessToken,
        @JsonProperty("token_type") @Schema(description = "Always Bearer", example = "Bearer") String tokenType,
        @JsonProperty("expires_in") @Schema(description = "Seconds the access token is valid", example = "900")
        long expiresIn,
        @JsonProperty("refresh_token") @Schema(description = "Use once at POST /api/v1/auth/refresh")
        String refreshToken,
        @JsonProperty("session_id") @Schema(description = "The login's token family (the access token's sid)",
                example = "Jx1v0cQ3m2S0pUq8k1yZlA") String sessionId,
        @JsonProperty("session_expires_at") @Schema(description = "The login's absolute end; sign in again after it",
                example = "2026-12-23T12:00:00Z") Instant sessionExpiresAt) {
}
