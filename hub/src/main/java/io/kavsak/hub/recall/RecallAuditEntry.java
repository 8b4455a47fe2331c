package io.kavsak.hub.recall;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One line of a request's audit trail: an attempt of one erasure target, or a manual action. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecallAuditEntry(String target, int attempt, Instant startedAt, Instant finishedAt, Long rowsAffected,
                               String error,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String actor,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

    public boolean succeeded() {
        return finishedAt != null && error == null;
    }
}
