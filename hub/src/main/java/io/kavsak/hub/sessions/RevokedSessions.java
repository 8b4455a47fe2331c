package io.kavsak.hub.sessions;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** Answer of revoke-all. */
@Schema(description = "Every session of one user revoked")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RevokedSessions(
        @JsonProperty("user_id") @Schema(description = "The user", example = "user-42") String userId,
        @Schema(description = "How many active sessions were revoked", example = "3") long revoked) {
}
