package io.kavsak.hub.recall;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** The seed's recall status for the user: NONE, or their current request with its timestamps. */
@Schema(name = "RecallStatus", description = "The caller's recall state and current request")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecallStatus(@Schema(description = "NONE, REQUESTED, IN_PROGRESS, COMPLETED or FAILED",
                                   example = "REQUESTED") String state, UUID id, RecallMode recallMode, Instant recallRequestedAt,
                           Instant recallCompletedAt, Instant deadline) {

    public static RecallStatus none() {
        return new RecallStatus("NONE", null, null, null, null, null);
    }

    public static RecallStatus of(RecallRequest r) {
        return new RecallStatus(r.state().name(), r.id(), r.mode(), r.requestedAt(), r.completedAt(), r.deadline());
    }
}
