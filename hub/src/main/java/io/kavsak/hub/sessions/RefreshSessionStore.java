package io.kavsak.hub.sessions;

import java.time.Instant;

/**
 * The seed's refresh-session store ({@code remember}, {@code is_active}, {@code revoke},
 * {@code revoke_all_for_user}), scoped by tenant. A store that cannot reach its data throws
 * {@link SessionStoreUnavailableException}: it never reports a session active it could not check.
 */
public interface RefreshSessionStore {

    /**
     * Records the refresh token {@code jti} of {@code userId} until {@code expiresAt}. Remembering the
     * same jti again for the same user moves its expiry; for another user it is refused.
     */
    Remembered remember(String tenantId, String jti, String userId, Instant expiresAt);

    /** True only while the session is remembered, unrevoked and unexpired. */
    boolean isActive(String tenantId, String jti);

    /** Revokes one session; false when it was not active. */
    boolean revoke(String tenantId, String jti);

    /** Revokes every session of the user and removes their index; returns how many were active. */
    long revokeAllForUser(String tenantId, String userId);

    /** What backs the store, for start-up logs and health: {@code redis} or {@code in-memory}. */
    String kind();

    enum Remembered {
        /** Recorded (or its expiry moved). */
        REMEMBERED,
        /** {@code expiresAt} is not in the future: nothing recorded. */
        ALREADY_EXPIRED,
        /** The jti is already remembered for another user: nothing changed. */
        TAKEN_BY_ANOTHER_USER
    }
}
