package io.kavsak.hub.sessions;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** Answer of remember, check and revoke: whether the session is active now, or was revoked by this call. */
@Schema(description = "One refresh session")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionState(
        @Schema(description = "The refresh token's jti", example = "4f1c2a9e-7d2b-4c4e-9a55-0f6f3c1d2b7a")
        String jti,
        @Schema(description = "True while the session is remembered, unrevoked and unexpired")
        boolean active,
        @Schema(description = "On revoke: true when this call ended an active session")
        Boolean revoked) {
}
