package io.kavsak.hub.sessions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.RedisServer;
import redis.embedded.RedisShardedCluster;
import redis.embedded.core.ExecutableProvider;

/** A real three-shard Redis Cluster on free loopback ports, its files under target/. */
final class RedisClusterForTests {

    private RedisClusterForTests() {
    }

    static RedisShardedCluster start(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < 3) {
            int port = freePort();
            // the cluster bus listens on port + 10000
            if (port < 55_000 && free(port + 10_000) && !ports.contains(port)) {
                ports.add(port);
            }
        }
        RedisShardedCluster cluster = RedisShardedCluster.newRedisCluster()
                .withServerBuilder(RedisServer.newRedisServer()
                        .executableProvider(ExecutableProvider.newJarResourceProvider(dir.toFile()))
                        .bind("127.0.0.1").setting("dir " + dir).setting("save \"\""))
                .serverPorts(ports)
                .shard("a", 0).shard("b", 0).shard("c", 0)
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        cluster.start();
        // slots are assigned at start, but a node answers CLUSTERDOWN until the gossip agrees on the state
        for (int port : ports) {
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + port);
            try (var connection = client.connect()) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> connection.sync().clusterInfo().contains("cluster_state:ok"));
            } finally {
                client.shutdown();
            }
        }
        return cluster;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
