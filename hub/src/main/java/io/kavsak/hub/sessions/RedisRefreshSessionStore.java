package io.kavsak.hub.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The session store on Redis, with the seed's data model. Keys carry the tenant as a cluster hash tag,
 * {@code refresh:{tenant}:<jti>} (a string {@code {"uid","exp"}} expiring at the token's expiry) and
 * {@code refresh_user:{tenant}:<user>} (a sorted set of the user's jtis scored by expiry, expiring with
 * its longest-lived member), so the keys of one operation always share a slot. Every change of both keys
 * is one Lua script, which also drops expired members: the per-user index never outlives its sessions.
 */
public class RedisRefreshSessionStore implements RefreshSessionStore {

    private static final Logger log = LoggerFactory.getLogger(RedisRefreshSessionStore.class);
    /** Members revoked per script call by revoke-all, so one call never blocks Redis for long. */
    static final int REVOKE_ALL_BATCH = 500;

    private static final RedisScript<Long> REMEMBER = script("remember");
    private static final RedisScript<Long> REVOKE = script("revoke");
    private static final RedisScript<Long> REVOKE_ALL = script("revoke-all");

    private final StringRedisTemplate redis;
    private final ObjectMapper json;

    public RedisRefreshSessionStore(StringRedisTemplate redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** {@code refresh:{tenant}:<jti>}: the hash tag is the tenant, the one thing every operation knows. */
    public static String sessionKey(String tenantId, String jti) {
        return "refresh:{" + tenantId + "}:" + jti;
    }

    /** {@code refresh_user:{tenant}:<user>}, in the same slot as every session key of the tenant. */
    public static String userKey(String tenantId, String userId) {
        return "refresh_user:{" + tenantId + "}:" + userId;
    }

    @Override
    public Remembered remember(String tenantId, String jti, String userId, Instant expiresAt) {
        String value = value(userId, expiresAt);
        long result = replied("remember", call("remember", () -> redis.execute(REMEMBER,
                List.of(sessionKey(tenantId, jti), userKey(tenantId, userId)),
                jti, value, Long.toString(expiresAt.toEpochMilli()), userId)));
        return switch ((int) result) {
            case 1 -> Remembered.REMEMBERED;
            case 0 -> Remembered.ALREADY_EXPIRED;
            default -> Remembered.TAKEN_BY_ANOTHER_USER;
        };
    }

    @Override
    public boolean isActive(String tenantId, String jti) {
        // Redis never returns a key past its expiry, even one not yet purged
        return replied("isActive", call("isActive", () -> redis.hasKey(sessionKey(tenantId, jti))));
    }

    @Override
    public boolean revoke(String tenantId, String jti) {
        String key = sessionKey(tenantId, jti);
        for (int attempt = 0; attempt < 5; attempt++) {
            String stored = call("revoke", () -> redis.opsForValue().get(key));
            if (stored == null) {
                return false;
            }
            String userId = userIdOf(stored);
            long result = replied("revoke", call("revoke", () -> redis.execute(REVOKE,
                    List.of(key, userKey(tenantId, userId)), jti, stored)));
            if (result == 1) {
                return true;
            }
        }
        throw new SessionStoreUnavailableException("revoke", new IllegalStateException(
                "session kept changing while it was revoked"));
    }

    @Override
    public long revokeAllForUser(String tenantId, String userId) {
        String index = userKey(tenantId, userId);
        long revoked = 0;
        while (true) {
            // every member read is removed by the script, expired or not, so the loop always ends
            Set<String> members = call("revokeAllForUser", () -> redis.opsForZSet()
                    .range(index, 0, REVOKE_ALL_BATCH - 1));
            if (members == null || members.isEmpty()) {
                return revoked;
            }
            List<String> keys = new ArrayList<>(members.size() + 1);
            keys.add(index);
            members.forEach(jti -> keys.add(sessionKey(tenantId, jti)));
            revoked += replied("revokeAllForUser", call("revokeAllForUser",
                    () -> redis.execute(REVOKE_ALL, keys, members.toArray())));
            if (members.size() < REVOKE_ALL_BATCH) {
                return revoked;
            }
        }
    }

    @Override
    public String kind() {
        return "redis";
    }

    private String value(String userId, Instant expiresAt) {
        return json.createObjectNode().put("uid", userId).put("exp", expiresAt.toString()).toString();
    }

    private String userIdOf(String stored) {
        try {
            return json.readTree(stored).path("uid").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable session record", e);
        }
    }

    /** Runs one Redis call; a Redis failure is logged and fails closed. */
    private <T> T call(String operation, Supplier<T> redisCall) {
        try {
            return redisCall.get();
        } catch (DataAccessException e) {
            log.error("Session store {} failed, failing closed: {}", operation, e.toString());
            throw new SessionStoreUnavailableException(operation, e);
        }
    }

    /** A reply Redis must give outside pipelines and transactions; none is a failure, never a "no". */
    private static <T> T replied(String operation, T reply) {
        if (reply == null) {
            throw new SessionStoreUnavailableException(operation, new IllegalStateException("no reply"));
        }
        return reply;
    }

    private static RedisScript<Long> script(String name) {
        return RedisScript.of(new ClassPathResource("sessions/" + name + ".lua"), Long.class);
    }
}
