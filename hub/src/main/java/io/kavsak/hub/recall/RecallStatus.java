package io.kavsak.hub.recall;

import java.time.Instant;
import java.util.UUID;

/** The seed's recall status for the user: NONE, or their current request with its timestamps. */
public record RecallStatus(String state, UUID id, RecallMode recallMode, Instant recallRequestedAt,
                           Instant recallCompletedAt, Instant deadline) {

    public static RecallStatus none() {
        return new RecallStatus("NONE", null, null, null, null, null);
    }

    public static RecallStatus of(RecallRequest r) {
        return new RecallStatus(r.state().name(), r.id(), r.mode(), r.requestedAt(), r.completedAt(), r.deadline());
    }
}
