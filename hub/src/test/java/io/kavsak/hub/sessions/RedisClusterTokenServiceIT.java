package io.kavsak.hub.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kavsak.hub.web.HubSigningKey;
import io.kavsak.hub.web.SecurityProperties;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisShardedCluster;

/** The token service's Lua scripts unchanged on a real three-master Redis Cluster: every family key shares a slot. */
class RedisClusterTokenServiceIT {

    private static RedisShardedCluster cluster;
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;
    private static final List<String> reuses = new CopyOnWriteArrayList<>();
    private static TokenService tokens;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisClusterForTests.start(Path.of("target", "sessions-it", "token-cluster").toAbsolutePath());
        connections = new LettuceConnectionFactory(new RedisClusterConfiguration(
                cluster.serverPorts().stream().map(port -> "127.0.0.1:" + port).toList()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        SecurityProperties security = new SecurityProperties("cluster-test-secret-0123456789abcdef", null, "RS256",
                null, null, Duration.ofSeconds(30), Duration.ofHours(24));
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        tokens = new TokenService(redis, new HubSigningKey(security), new TokenProperties(Duration.ofMinutes(15),
                Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofSeconds(2)), security,
                (tenant, user, family, at) -> reuses.add(tenant + "/" + user + "/" + family), json, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        connections.destroy();
        cluster.stop();
    }

    @Test
    void rotationGraceReuseAndLogoutOnACluster() throws Exception {
        for (int i = 0; i < 6; i++) { // tenants on every shard
            String tenant = "tenant-" + i;
            TokenPair login = tokens.issue(tenant, "user-" + i);
            TokenPair next = tokens.refresh(login.refreshToken());
            assertThat(tokens.refresh(login.refreshToken())).as("inside the grace window: the same successor")
                    .isEqualTo(next);
            TokenPair after = tokens.refresh(next.refreshToken());
            assertThat(after.refreshToken()).isNotEqualTo(next.refreshToken());
            tokens.logout(after.refreshToken());
            assertThatThrownBy(() -> tokens.refresh(after.refreshToken()))
                    .isInstanceOf(TokenService.RefreshRefusedException.class);
            assertThat(redis.hasKey(RedisRefreshSessionStore.sessionKey(tenant, login.sessionId()))).isFalse();
        }

        TokenPair login = tokens.issue("tenant-reuse", "victim");
        TokenPair next = tokens.refresh(login.refreshToken());
        tokens.refresh(next.refreshToken());
        Thread.sleep(2_500);
        assertThatThrownBy(() -> tokens.refresh(login.refreshToken()))
                .isInstanceOfSatisfying(TokenService.RefreshRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(TokenService.Refusal.REUSED));
        assertThat(reuses).contains("tenant-reuse/victim/" + login.sessionId());
        assertThat(redis.hasKey("refresh_family:{tenant-reuse}:" + login.sessionId())).isFalse();
    }

    @Test
    void racingRefreshesOnAClusterShareOneSuccessor() throws Exception {
        TokenPair login = tokens.issue("tenant-race", "racer");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<TokenPair>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return tokens.refresh(login.refreshToken());
                }));
            }
            start.countDown();
            Set<TokenPair> pairs = new HashSet<>();
            for (Future<TokenPair> answer : answers) {
                pairs.add(answer.get());
            }
            assertThat(pairs).hasSize(1);
            assertThat(tokens.refresh(pairs.iterator().next().refreshToken()).sessionId()).isEqualTo(login.sessionId());
        } finally {
            pool.shutdownNow();
        }
    }
}
