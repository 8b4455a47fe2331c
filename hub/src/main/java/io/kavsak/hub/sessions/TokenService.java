package io.kavsak.hub.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.kavsak.hub.tenant.TenantApi;
import io.kavsak.hub.web.HubSigningKey;
import io.kavsak.hub.web.JwtClaims;
import io.kavsak.hub.web.SecurityProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The token service on the session store: a login is a family of refresh tokens, recorded as the seed's session
 * {@code refresh:{tenant}:<family>} (so check, revoke, revoke-all and recall apply to it) plus its rotation state.
 * Each refresh rotates the token in one Lua script; a rotated token used again inside the grace window gets the
 * stored successor, after it the family ends and {@code session.reuse.detected} is emitted. Redis keeps only
 * SHA-256 hashes of refresh tokens, except the successor pair, kept for the grace window.
 */
public class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    /** The one role of the access tokens issued here: a back end cannot mint an admin or service token. */
    static final String USER_ROLE = "user";
    /** {@code kvr.<tenant>.<family>.<secret>}: the tenant picks the keys, the family the session. */
    private static final Pattern TOKEN = Pattern.compile("^kvr\\.([a-z0-9-]{1,63})\\.([A-Za-z0-9_-]{22})\\.[A-Za-z0-9_-]{43}$");
    private static final RedisScript<Long> ISSUE = RedisScript.of(new ClassPathResource("sessions/token-issue.lua"),
            Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REFRESH = RedisScript.of(
            new ClassPathResource("sessions/token-refresh.lua"), List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> LOGOUT = RedisScript.of(
            new ClassPathResource("sessions/token-logout.lua"), List.class);

    private final StringRedisTemplate redis;
    private final HubSigningKey key;
    private final TokenProperties lifetimes;
    private final ReuseEvents events;
    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenService(StringRedisTemplate redis, HubSigningKey key, TokenProperties lifetimes,
                        SecurityProperties security, ReuseEvents events, ObjectMapper json, Clock clock) {
        if (lifetimes.accessLifetime().compareTo(security.maxLifetime()) > 0) {
            throw new IllegalStateException("kavsak.sessions.tokens.access-lifetime must not exceed "
                    + "kavsak.security.jwt.max-lifetime: the hub would refuse its own tokens");
        }
        this.redis = redis;
        this.key = key;
        this.lifetimes = lifetimes;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** Where {@code session.reuse.detected} goes: the outbox in the hub. */
    @FunctionalInterface
    public interface ReuseEvents {
        void detected(String tenantId, String userId, String familyId, Instant detectedAt);
    }

    /** {@code session.reuse.detected} through the transactional outbox. */
    public static ReuseEvents outbox(Outbox outbox, PlatformTransactionManager transactionManager) {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        return (tenantId, userId, familyId, detectedAt) -> transactions.executeWithoutResult(status ->
                outbox.append(EventType.SESSION_REUSE_DETECTED, tenantId, Map.of("user_id", userId,
                        "family_id", familyId, "detected_at", detectedAt.truncatedTo(ChronoUnit.MILLIS).toString())));
    }

    /** Why a refresh token was refused; every case is a 401 (sign in again). */
    public enum Refusal {
        UNKNOWN("The refresh token is not valid: unknown, malformed or already ended. Sign in again."),
        EXPIRED_ABSOLUTE("The login reached its absolute lifetime. Sign in again."),
        EXPIRED_IDLE("The login was idle for longer than its idle lifetime. Sign in again."),
        REVOKED("The login was revoked (logout, revoke-all or recall). Sign in again."),
        REUSED("The refresh token was already used: every token of this login is revoked. Sign in again.");

        private final String detail;

        Refusal(String detail) {
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }
    }

    /** A refresh token refused. */
    public static class RefreshRefusedException extends RuntimeException {
        private final Refusal refusal;

        RefreshRefusedException(Refusal refusal) {
            super(refusal.detail());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public boolean available() {
        return key.available();
    }

    /** A new login of {@code userId} in {@code tenantId}: a new family and its first pair. */
    public TokenPair issue(String tenantId, String userId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant end = now.plus(lifetimes.absoluteLifetime());
        String family = randomText(16);
        String refreshToken = refreshToken(tenantId, family);
        String session = json.createObjectNode().put("uid", userId).put("exp", end.toString()).toString();
        long issued = call("issue", () -> redis.execute(ISSUE, List.of(
                        RedisRefreshSessionStore.sessionKey(tenantId, family),
                        RedisRefreshSessionStore.userKey(tenantId, userId), familyKey(tenantId, family)),
                family, session, Long.toString(end.toEpochMilli()), userId, hash(refreshToken),
                Long.toString(lifetimes.idleLifetime().toMillis())));
        if (issued != 1) {
            throw new IllegalStateException("a fresh token family could not be recorded");
        }
        return pair(tenantId, userId, family, refreshToken, end);
    }

    /**
     * Rotates the refresh token: its successor pair, or a refusal. The successor is minted only when the presented
     * token is the family's current one; a token already rotated (the racing requests of the grace window) gets the
     * stored successor without anything being minted.
     */
    public TokenPair refresh(String refreshToken) {
        String[] parsed = parse(refreshToken);
        String tenantId = parsed[0];
        String family = parsed[1];
        String presented = hash(refreshToken);
        List<Object> state = call("refresh", () -> redis.<String, Object>opsForHash().multiGet(
                familyKey(tenantId, family), List.of("uid", "abs", "current")));
        if (state.get(0) == null) {
            throw new RefreshRefusedException(Refusal.UNKNOWN);
        }
        String userId = (String) state.get(0);
        String successorHash = "";
        String successor = "";
        if (presented.equals(state.get(2))) {
            TokenPair candidate = pair(tenantId, userId, family, refreshToken(tenantId, family),
                    Instant.ofEpochMilli(Long.parseLong((String) state.get(1))));
            successorHash = hash(candidate.refreshToken());
            successor = write(candidate);
        }
        String newHash = successorHash;
        String newPair = successor;
        List<?> reply = call("refresh", () -> redis.execute(REFRESH, familyKeys(tenantId, family), presented,
                newHash, newPair, Long.toString(lifetimes.idleLifetime().toMillis()),
                Long.toString(lifetimes.gracePeriod().toMillis())));
        String outcome = String.valueOf(reply.get(0));
        switch (outcome) {
            case "rotated", "grace" -> {
                return read(String.valueOf(reply.get(2)));
            }
            case "retry" -> {
                return refresh(refreshToken);
            }
            case "reused" -> {
                unindex(tenantId, userId, family);
                reuseDetected(tenantId, userId, family);
                throw new RefreshRefusedException(Refusal.REUSED);
            }
            case "expired-absolute" -> {
                unindex(tenantId, userId, family);
                throw new RefreshRefusedException(Refusal.EXPIRED_ABSOLUTE);
            }
            case "expired-idle" -> {
                unindex(tenantId, userId, family);
                throw new RefreshRefusedException(Refusal.EXPIRED_IDLE);
            }
            case "revoked" -> {
                unindex(tenantId, userId, family);
                throw new RefreshRefusedException(Refusal.REVOKED);
            }
            default -> throw new RefreshRefusedException(Refusal.UNKNOWN);
        }
    }

    private void reuseDetected(String tenantId, String userId, String family) {
        log.warn("Refresh token reuse detected: tenant {}, user {}, family {} revoked", tenantId, userId, family);
        try {
            events.detected(tenantId, userId, family, clock.instant());
        } catch (RuntimeException e) {
            // the family is revoked already; the event cannot be recorded while PostgreSQL is away
            log.error("session.reuse.detected for tenant {}, family {} not recorded: {}", tenantId, family, e.toString());
        }
    }

    private String write(TokenPair pair) {
        try {
            return json.writeValueAsString(pair);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TokenPair read(String pair) {
        try {
            return json.readValue(pair, TokenPair.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable successor pair", e);
        }
    }

    /** Ends the family of the token (logout): every token of the login stops working. */
    public void logout(String refreshToken) {
        String[] parsed = parse(refreshToken);
        List<?> reply = call("logout", () -> redis.execute(LOGOUT, familyKeys(parsed[0], parsed[1]), hash(refreshToken)));
        if (reply == null || reply.isEmpty() || !"revoked".equals(reply.get(0))) {
            throw new RefreshRefusedException(Refusal.UNKNOWN);
        }
        unindex(parsed[0], String.valueOf(reply.get(1)), parsed[1]);
    }

    /** The tenant a well-formed refresh token names, if it is one. */
    public static java.util.Optional<String> tenantOf(String refreshToken) {
        var matcher = refreshToken == null ? null : TOKEN.matcher(refreshToken);
        return matcher != null && matcher.matches() ? java.util.Optional.of(matcher.group(1))
                : java.util.Optional.empty();
    }

    private String[] parse(String refreshToken) {
        var matcher = refreshToken == null ? null : TOKEN.matcher(refreshToken);
        if (matcher == null || !matcher.matches() || !TenantApi.TENANT_ID.matcher(matcher.group(1)).matches()) {
            throw new RefreshRefusedException(Refusal.UNKNOWN);
        }
        return new String[] {matcher.group(1), matcher.group(2)};
    }

    /** Mints the access token of a pair: the user, the tenant, role user, the family as {@code sid}. */
    private TokenPair pair(String tenantId, String userId, String family, String refreshToken, Instant end) {
        if (!key.available()) {
            throw new IllegalStateException("no signing key");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(lifetimes.accessLifetime());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(key.issuer())
                .subject(userId)
                .claim(JwtClaims.TENANT_ID, tenantId)
                .claim(JwtClaims.ROLES, List.of(USER_ROLE))
                .claim("sid", family)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires));
        if (key.audience() != null) {
            claims.audience(key.audience());
        }
        return new TokenPair(key.sign(claims.build()), "Bearer", lifetimes.accessLifetime().toSeconds(), refreshToken,
                family, end);
    }

    private String refreshToken(String tenantId, String family) {
        return "kvr." + tenantId + "." + family + "." + randomText(32);
    }

    private String randomText(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String familyKey(String tenantId, String family) {
        return "refresh_family:{" + tenantId + "}:" + family;
    }

    static List<String> familyKeys(String tenantId, String family) {
        return List.of(RedisRefreshSessionStore.sessionKey(tenantId, family), familyKey(tenantId, family),
                "refresh_used:{" + tenantId + "}:" + family, "refresh_grace:{" + tenantId + "}:" + family);
    }

    private void unindex(String tenantId, String userId, String family) {
        try {
            redis.opsForZSet().remove(RedisRefreshSessionStore.userKey(tenantId, userId), family);
        } catch (DataAccessException e) {
            // the member expires with the family's absolute end anyway
            log.warn("Could not drop ended family from the user index: {}", e.toString());
        }
    }

    private <T> T call(String operation, Supplier<T> redisCall) {
        T reply;
        try {
            reply = redisCall.get();
        } catch (DataAccessException e) {
            log.error("Token service {} failed, failing closed: {}", operation, e.toString());
            throw new SessionStoreUnavailableException(operation, e);
        }
        if (reply == null) {
            throw new SessionStoreUnavailableException(operation, new IllegalStateException("no reply"));
        }
        return reply;
    }
}
