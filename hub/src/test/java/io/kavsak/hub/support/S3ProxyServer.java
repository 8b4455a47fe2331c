package io.kavsak.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real S3-compatible server (S3Proxy 2.6.0 on its filesystem blob store, under target/) in a child JVM,
 * started from its standalone jar, which the build copies to target/s3proxy/s3proxy.jar: on the test class
 * path its jclouds, Azure and AWS SDK v1 dependencies would be re-versioned by Spring Boot's BOM.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "kavsak-it";
    public static final String SECRET_KEY = "kavsak-it-secret-key";

    private static S3ProxyServer shared;

    private final int port;
    private final Path directory;
    private Process process;

    /** The one server of this JVM's hubs, started on first use. */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private S3ProxyServer(int port, Path directory) {
        this.port = port;
        this.directory = directory;
    }

    /** Starts a server on a free port with an empty store; it is stopped when the JVM exits. */
    public static S3ProxyServer start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        S3ProxyServer server = new S3ProxyServer(port,
                Path.of("target", "embedded-it", "s3proxy-" + port).toAbsolutePath());
        server.startProcess();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3proxy-stop"));
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops the server (its objects stay on disk): the endpoint refuses connections until {@link #restart()}. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public synchronized void restart() {
        if (process == null) {
            startProcess();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startProcess() {
        Path jar = Path.of(System.getProperty("kavsak.test.s3proxy-jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it in generate-test-resources");
        }
        try {
            Path store = Files.createDirectories(directory.resolve("store"));
            Path config = directory.resolve("s3proxy.conf");
            Files.writeString(config, String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + store) + "\n");
            Path log = Path.of("target", "test-logs", "s3proxy-" + port + ".log");
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-jar", jar.toAbsolutePath().toString(), "--properties", config.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ", see target/test-logs");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("s3proxy did not listen on " + port + " within 90 s");
    }
}
