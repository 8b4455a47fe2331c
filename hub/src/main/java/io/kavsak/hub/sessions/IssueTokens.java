package io.kavsak.hub.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /api/v1/auth/tokens}: the user a back end has authenticated. */
@Schema(description = "The user a back end (role service) has authenticated; the tenant is the back end's own")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IssueTokens(
        @JsonProperty("user_id") @NotNull @Pattern(regexp = SessionsApi.ID, message = SessionsApi.ID_RULE)
        @Schema(description = "The user the tokens are issued to (the access token's sub)", example = "user-1")
        String userId) {
}
