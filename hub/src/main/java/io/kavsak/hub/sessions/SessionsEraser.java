package io.kavsak.hub.sessions;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import org.springframework.stereotype.Component;

/**
 * Recall target for refresh sessions: the recalled user is logged out everywhere. Both modes revoke
 * every session and remove the user's index; a session is only an id and an expiry, so there is
 * nothing to keep anonymized. Runs right after the feature store, the other Redis target, so a Redis
 * outage stops a recall at the same step as before; the step is retried like any other.
 */
@Component
public class SessionsEraser implements ErasureTarget {

    private final RefreshSessionStore store;

    public SessionsEraser(RefreshSessionStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public int order() {
        return 110;
    }

    @Override
    public long erase(RecallJob job) {
        return store.revokeAllForUser(job.tenantId(), job.userId());
    }
}
