package io.kavsak.hub.recall;

import java.util.List;

/** Where a recall request stands; REQUESTED, IN_PROGRESS and FAILED are open (unfinished). */
public enum RecallState {
    REQUESTED,
    IN_PROGRESS,
    COMPLETED,
    FAILED;

    public static final List<String> OPEN = List.of(REQUESTED.name(), IN_PROGRESS.name(), FAILED.name());

    public boolean open() {
        return this != COMPLETED;
    }
}
