package io.kavsak.hub.sessions;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The seed's in-memory fallback, for a single-replica development hub without Redis: sessions live in
 * this JVM only, so another replica cannot see a revocation and a restart forgets every session. Chosen
 * only by {@code kavsak.sessions.store=in-memory}, and announced at start-up and in health.
 */
public class InMemoryRefreshSessionStore implements RefreshSessionStore {

    private record Session(String userId, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Set<String>> byUser = new HashMap<>();

    public InMemoryRefreshSessionStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Remembered remember(String tenantId, String jti, String userId, Instant expiresAt) {
        purgeExpired();
        if (!expiresAt.isAfter(clock.instant())) {
            return Remembered.ALREADY_EXPIRED;
        }
        Session old = sessions.get(key(tenantId, jti));
        if (old != null && !old.userId().equals(userId)) {
            return Remembered.TAKEN_BY_ANOTHER_USER;
        }
        sessions.put(key(tenantId, jti), new Session(userId, expiresAt));
        byUser.computeIfAbsent(key(tenantId, userId), u -> new HashSet<>()).add(jti);
        return Remembered.REMEMBERED;
    }

    @Override
    public synchronized boolean isActive(String tenantId, String jti) {
        Session session = sessions.get(key(tenantId, jti));
        return session != null && session.expiresAt().isAfter(clock.instant());
    }

    @Override
    public synchronized boolean revoke(String tenantId, String jti) {
        boolean active = isActive(tenantId, jti);
        Session session = sessions.remove(key(tenantId, jti));
        if (session != null) {
            unindex(tenantId, session.userId(), jti);
        }
        return active;
    }

    @Override
    public synchronized long revokeAllForUser(String tenantId, String userId) {
        Set<String> jtis = byUser.remove(key(tenantId, userId));
        if (jtis == null) {
            return 0;
        }
        long revoked = 0;
        for (String jti : jtis) {
            Session session = sessions.remove(key(tenantId, jti));
            if (session != null && session.expiresAt().isAfter(clock.instant())) {
                revoked++;
            }
        }
        return revoked;
    }

    @Override
    public String kind() {
        return "in-memory";
    }

    /** Sessions and index entries currently held, expired or not (tests show nothing leaks). */
    synchronized int entries() {
        return sessions.size() + byUser.values().stream().mapToInt(Set::size).sum();
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        sessions.entrySet().removeIf(entry -> {
            if (entry.getValue().expiresAt().isAfter(now)) {
                return false;
            }
            String tenantId = entry.getKey().substring(0, entry.getKey().indexOf('\n'));
            String jti = entry.getKey().substring(tenantId.length() + 1);
            unindex(tenantId, entry.getValue().userId(), jti);
            return true;
        });
    }

    private void unindex(String tenantId, String userId, String jti) {
        Set<String> jtis = byUser.get(key(tenantId, userId));
        if (jtis != null && jtis.remove(jti) && jtis.isEmpty()) {
            byUser.remove(key(tenantId, userId));
        }
    }

    private static String key(String tenantId, String id) {
        return tenantId + "\n" + id;
    }
}
