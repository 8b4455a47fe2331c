package io.kavsak.hub.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisShardedCluster;

/** The same behaviour on a real sharded Redis Cluster (three masters) the test starts itself. */
class RedisClusterSessionStoreIT extends RefreshSessionStoreContract {

    private static RedisShardedCluster cluster;
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisClusterForTests.start(Path.of("target", "sessions-it", "cluster").toAbsolutePath());
        connections = new LettuceConnectionFactory(new RedisClusterConfiguration(
                cluster.serverPorts().stream().map(port -> "127.0.0.1:" + port).toList()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void stop() throws Exception {
        connections.destroy();
        cluster.stop();
    }

    @Override
    protected StringRedisTemplate redis() {
        return redis;
    }

    @Test
    void tenantsAreSpreadOverTheShards() {
        Set<String> masters = new HashSet<>();
        var clusterConnection = connections.getClusterConnection();
        for (int i = 0; i < 20; i++) {
            RedisClusterNode node = clusterConnection.clusterGetNodeForSlot(
                    SlotHash.getSlot(RedisRefreshSessionStore.sessionKey("tenant-" + i, "jti")));
            masters.add(node.getHost() + ":" + node.getPort());
        }
        clusterConnection.close();
        assertThat(masters).as("a cluster of three masters really holds these tenants' keys").hasSize(3);
    }
}
