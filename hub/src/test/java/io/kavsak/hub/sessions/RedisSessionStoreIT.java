package io.kavsak.hub.sessions;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/** The session store against one real redis-server the test starts. */
class RedisSessionStoreIT extends RefreshSessionStoreContract {

    private static RedisServer server;
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "sessions-it", "standalone").toAbsolutePath());
        int port = RedisClusterForTests.freePort();
        server = RedisServer.newRedisServer()
                .executableProvider(ExecutableProvider.newJarResourceProvider(dir.toFile()))
                .bind("127.0.0.1").port(port).setting("dir " + dir).setting("save \"\"").build();
        server.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void stop() throws Exception {
        connections.destroy();
        server.stop();
    }

    @Override
    protected StringRedisTemplate redis() {
        return redis;
    }
}
