package io.kavsak.hub.support;

import static org.awaitility.Awaitility.await;

import io.kavsak.hub.dev.EmbeddedServices;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A second, real hub in a child JVM on the same embedded services, for tests that kill a hub with
 * SIGKILL in the middle of its work and show that the hub still standing loses nothing, or that run two
 * replicas of one deployment.
 */
public final class ChildHub implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int managementPort;

    private ChildHub(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Starts a hub with the test hub's configuration, its own Kafka consumer groups (so the test hub's
     * consumers are not rebalanced by the child's death) and {@code overrides}; waits until it is ready.
     * Overrides of {@code camel.component.kafka.group-id} and {@code kavsak.recall.consumer-group} make it a
     * replica sharing the test hub's groups: stop it with {@link #stop()} then, so it leaves them at once.
     */
    public static ChildHub start(Path log, Map<String, String> overrides) throws Exception {
        int port = freePort();
        int managementPort = freePort();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path")));
        Map<String, String> properties = new LinkedHashMap<>(EmbeddedServices.shared().properties());
        properties.put("server.port", String.valueOf(port));
        properties.put("management.server.port", String.valueOf(managementPort));
        properties.put("kavsak.security.jwt.secret", HubIntegrationTest.SECRET);
        properties.put("kavsak.storage.root", Path.of("target", "embedded-it", "storage").toAbsolutePath().toString());
        properties.put("camel.component.kafka.group-id", "kill-child-" + run);
        properties.put("kavsak.recall.consumer-group", "kill-child-recall-" + run);
        properties.put("spring.main.banner-mode", "off");
        properties.putAll(overrides);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("io.kavsak.hub.KavsakHubApplication");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChildHub child = new ChildHub(process, port, managementPort);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI readiness = URI.create("http://localhost:" + managementPort + "/actuator/health/readiness");
        try {
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the child hub exited; see " + log);
                }
                return http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            });
        } catch (RuntimeException | Error e) {
            // a hub that never got ready must not keep consuming behind the test's back
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            throw e;
        }
        return child;
    }

    public int port() {
        return port;
    }

    /** Where its actuator endpoints (health, metrics) listen. */
    public int managementPort() {
        return managementPort;
    }

    public static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** SIGKILL: no shutdown hook, no graceful drain, exactly like a crashed pod. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("the child hub did not die");
        }
    }

    /**
     * SIGTERM, as Kubernetes stops a pod: the hub shuts down gracefully, and its Kafka consumers leave their
     * groups at once (a killed member holds its partitions until its session times out). Waits for the exit.
     */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child hub did not stop within 120 s of SIGTERM");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
