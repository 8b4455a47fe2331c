package io.kavsak.hub.sessions;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/** Body of {@code POST /api/v1/sessions}: the seed's {@code remember(jti, user_id, expires_at)}. */
@Schema(description = "A refresh token a back end issued, to be remembered until it expires")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RememberSession(
        @NotNull @Pattern(regexp = SessionsApi.ID, message = SessionsApi.ID_RULE)
        @Schema(description = "The refresh token's jti claim", example = "4f1c2a9e-7d2b-4c4e-9a55-0f6f3c1d2b7a")
        String jti,
        @JsonProperty("user_id") @NotNull @Pattern(regexp = SessionsApi.ID, message = SessionsApi.ID_RULE)
        @Schema(description = "The user the token was issued to", example = "user-42")
        String userId,
        @JsonProperty("expires_at") @NotNull
        @Schema(description = "The token's expiry (ISO-8601 instant); the session ends then",
                example = "2026-12-07T12:00:00Z")
        Instant expiresAt) {
}
