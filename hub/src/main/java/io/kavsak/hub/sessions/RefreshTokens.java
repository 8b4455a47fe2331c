package io.kavsak.hub.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/auth/refresh} and {@code /logout}: the refresh token is the credential. */
@Schema(description = "A refresh token the hub issued")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RefreshTokens(
        @JsonProperty("refresh_token") @NotBlank @Size(max = 300)
        @Schema(description = "The refresh token", example = "kvr.acme.Jx1v0cQ3m2S0pUq8k1yZlA.q0sV4l7c0Vt3nq1mYw9o5m2QWJkq3c8Zb7t1dE0Hx6U")
        String refreshToken) {
}
