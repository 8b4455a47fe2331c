package io.kavsak.hub.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.sessions.RefreshSessionStore.Remembered;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The behaviour of the Redis session store, run against a single server and against a sharded cluster. */
abstract class RefreshSessionStoreContract {

    protected abstract StringRedisTemplate redis();

    private RedisRefreshSessionStore store;
    private String tenant;

    @BeforeEach
    void newTenant() {
        store = new RedisRefreshSessionStore(redis(), new ObjectMapper());
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Set<String> keysOf(String tenantId) {
        return redis().keys("*{" + tenantId + "}*");
    }

    @Test
    void rememberedSessionIsActiveUntilRevoked() {
        Instant exp = Instant.now().plusSeconds(600);
        assertThat(store.remember(tenant, "jti-1", "u1", exp)).isEqualTo(Remembered.REMEMBERED);
        assertThat(store.isActive(tenant, "jti-1")).isTrue();
        assertThat(redis().opsForValue().get(RedisRefreshSessionStore.sessionKey(tenant, "jti-1")))
                .isEqualTo("{\"uid\":\"u1\",\"exp\":\"" + exp + "\"}");
        assertThat(redis().getExpire(RedisRefreshSessionStore.sessionKey(tenant, "jti-1"))).isBetween(595L, 600L);

        assertThat(store.revoke(tenant, "jti-1")).isTrue();
        assertThat(store.isActive(tenant, "jti-1")).isFalse();
        assertThat(store.revoke(tenant, "jti-1")).isFalse();
        assertThat(keysOf(tenant)).as("no session and no index left").isEmpty();
    }

    @Test
    void keysOfOneOperationShareTheTenantsSlot() {
        String session = RedisRefreshSessionStore.sessionKey(tenant, "some-jti");
        String index = RedisRefreshSessionStore.userKey(tenant, "some-user");
        assertThat(session).isEqualTo("refresh:{" + tenant + "}:some-jti");
        assertThat(index).isEqualTo("refresh_user:{" + tenant + "}:some-user");
        assertThat(SlotHash.getSlot(session)).isEqualTo(SlotHash.getSlot(index));
    }

    @Test
    void sessionEndsAtItsExpiryAndTakesItsIndexAlong() {
        store.remember(tenant, "short", "u1", Instant.now().plusMillis(1500));
        assertThat(store.isActive(tenant, "short")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !store.isActive(tenant, "short"));
        await().atMost(Duration.ofSeconds(10)).until(() -> keysOf(tenant).isEmpty());
    }

    @Test
    void revokeAllRevokesEveryActiveSessionOfThatUserOnly() {
        Instant exp = Instant.now().plusSeconds(600);
        for (int i = 0; i < 1200; i++) { // more than one revoke-all batch
            store.remember(tenant, "a-" + i, "alice", exp.plusMillis(i));
        }
        store.remember(tenant, "b-1", "bob", exp);
        String otherTenant = tenant + "-x";
        store.remember(otherTenant, "a-1", "alice", exp);

        assertThat(store.revokeAllForUser(tenant, "alice")).isEqualTo(1200);
        assertThat(store.isActive(tenant, "a-0")).isFalse();
        assertThat(store.isActive(tenant, "a-1199")).isFalse();
        assertThat(store.isActive(tenant, "b-1")).isTrue();
        assertThat(store.isActive(otherTenant, "a-1")).as("another tenant's session of the same ids").isTrue();
        assertThat(redis().hasKey(RedisRefreshSessionStore.userKey(tenant, "alice"))).isFalse();
        assertThat(store.revokeAllForUser(tenant, "alice")).isZero();
        store.revokeAllForUser(otherTenant, "alice");
    }

    @Test
    void aJtiIsNeverMovedToAnotherUserAndThePastIsNotRemembered() {
        Instant exp = Instant.now().plusSeconds(600);
        store.remember(tenant, "jti-x", "u1", exp);
        assertThat(store.remember(tenant, "jti-x", "u2", exp)).isEqualTo(Remembered.TAKEN_BY_ANOTHER_USER);
        assertThat(store.revokeAllForUser(tenant, "u2")).isZero();
        assertThat(store.isActive(tenant, "jti-x")).isTrue();
        assertThat(store.remember(tenant, "jti-y", "u1", Instant.now().minusSeconds(1)))
                .isEqualTo(Remembered.ALREADY_EXPIRED);
        assertThat(store.isActive(tenant, "jti-y")).isFalse();
        store.revokeAllForUser(tenant, "u1");
    }

    @Test
    void indexLivesAsLongAsItsLongestSessionAndDropsExpiredMembersOnTheNextChange() {
        Instant now = Instant.now();
        store.remember(tenant, "long", "u1", now.plusSeconds(600));
        for (int i = 0; i < 100; i++) {
            store.remember(tenant, "short-" + i, "u1", now.plusMillis(1000 + i));
        }
        String index = RedisRefreshSessionStore.userKey(tenant, "u1");
        assertThat(redis().getExpire(index)).isBetween(595L, 600L);
        await().atMost(Duration.ofSeconds(10)).until(() -> !store.isActive(tenant, "short-99"));

        store.remember(tenant, "another", "u1", now.plusSeconds(60));
        assertThat(redis().opsForZSet().range(index, 0, -1)).containsExactlyInAnyOrder("long", "another");
        assertThat(redis().getExpire(index)).as("still the longest session's expiry").isBetween(595L, 600L);
        assertThat(store.revoke(tenant, "long")).isTrue();
        assertThat(redis().getExpire(index)).as("now the remaining session's").isBetween(55L, 60L);
        store.revokeAllForUser(tenant, "u1");
        assertThat(keysOf(tenant)).isEmpty();
    }

    @Test
    void concurrentRememberRevokeAndRevokeAllKeepIndexAndSessionsInStep() throws Exception {
        Instant exp = Instant.now().plusSeconds(600);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var tasks = new java.util.ArrayList<java.util.concurrent.Callable<Object>>();
            for (int i = 0; i < 2000; i++) {
                int n = i;
                tasks.add(() -> switch (n % 10) {
                    case 7 -> store.revoke(tenant, "c-" + (n - 3));
                    case 9 -> store.revokeAllForUser(tenant, "u" + (n % 3));
                    default -> store.remember(tenant, "c-" + n, "u" + (n % 3), exp);
                });
            }
            for (var result : pool.invokeAll(tasks)) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        // every index member has its session, and every session is in its user's index
        Set<String> sessions = new java.util.HashSet<>();
        Set<String> members = new java.util.HashSet<>();
        for (String key : keysOf(tenant)) {
            if (key.startsWith("refresh:")) {
                sessions.add(key.substring(key.lastIndexOf(':') + 1));
            } else {
                members.addAll(redis().opsForZSet().range(key, 0, -1));
            }
        }
        assertThat(members).isEqualTo(sessions);
        for (int u = 0; u < 3; u++) {
            store.revokeAllForUser(tenant, "u" + u);
        }
        assertThat(keysOf(tenant)).isEmpty();
    }

    @Test
    void tenThousandExpiringSessionsLeaveNoStaleMemberOrKey() {
        long started = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            // each lives 10 s after it is remembered, give or take a second
            store.remember(tenant, "jti-" + i, "user-" + (i % 250), Instant.now().plusSeconds(10).plusMillis(i % 1000));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("%s: 10,000 remember calls in %d ms (%.0f/s)%n", getClass().getSimpleName(), millis,
                10_000 * 1000.0 / Math.max(1, millis));
        assertThat(keysOf(tenant)).as("10,000 sessions and 250 indexes").hasSize(10_000 + 250);
        assertThat(redis().opsForZSet().size(RedisRefreshSessionStore.userKey(tenant, "user-7"))).isEqualTo(40);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> keysOf(tenant).isEmpty());
        assertThat(store.isActive(tenant, "jti-0")).isFalse();
        assertThat(store.revokeAllForUser(tenant, "user-7")).isZero();
    }
}
