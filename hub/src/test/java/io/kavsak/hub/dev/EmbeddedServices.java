package io.kavsak.hub.dev;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * Real PostgreSQL, Kafka (KRaft), Redis and SMTP servers on loopback, started by the project itself
 * for the embedded default and the integration tests. A service whose address is already configured
 * in the environment is not started; the hub uses that address instead.
 */
public final class EmbeddedServices implements AutoCloseable {

    /**
     * Loopback ports of the embedded default; tests use free ports instead. Kafka takes a free port
     * (see {@link #kafkaOn(int)} for a fixed one); its address is printed at start-up.
     */
    public record Ports(int postgres, int redis, int smtp) {

        public static Ports fixed() {
            return new Ports(15432, 16379, 13025);
        }

        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort());
        }
    }

    private static EmbeddedServices shared;

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private EmbeddedKafkaKraftBroker kafka;
    private GreenMail mail;
    private RedisServer redis;
    private EmbeddedPostgres postgres;
    private Path postgresData;
    private int postgresPort;

    private EmbeddedServices() {
    }

    /** One set of services per test JVM, with free ports and a fresh data directory. */
    public static synchronized EmbeddedServices shared() {
        if (shared == null) {
            Path root = Path.of("target", "embedded-it").toAbsolutePath();
            shared = start(root, Ports.free(), true, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-services-stop"));
        }
        return shared;
    }

    /**
     * Starts every service not given in {@code environment}; {@code fresh} wipes earlier data
     * (tests) or keeps it across restarts (the embedded default).
     */
    public static EmbeddedServices start(Path root, Ports ports, boolean fresh, Map<String, String> environment) {
        EmbeddedServices services = new EmbeddedServices();
        try {
            Files.createDirectories(root);
            if (!environment.containsKey("SPRING_DATASOURCE_URL")) {
                services.startPostgres(root.resolve("postgres"), ports.postgres(), fresh);
            }
            if (!environment.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                services.startKafka();
            }
            if (!environment.containsKey("SPRING_DATA_REDIS_URL")) {
                services.startRedis(root.resolve("redis"), ports.redis());
            }
            if (!environment.containsKey("SPRING_MAIL_HOST")) {
                services.startMail(ports.smtp());
            }
            return services;
        } catch (IOException e) {
            services.close();
            throw new UncheckedIOException(e);
        }
    }

    private void startPostgres(Path dataDirectory, int port, boolean fresh) throws IOException {
        postgres = postgresOn(dataDirectory, port, fresh);
        postgresData = dataDirectory;
        postgresPort = port;
        running.add(() -> {
            if (postgres != null) {
                postgres.close();
            }
        });
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        addresses.put("PostgreSQL", url + " (user postgres)");
    }

    private static EmbeddedPostgres postgresOn(Path dataDirectory, int port, boolean fresh) throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(fresh)
                .setOverrideWorkingDirectory(dataDirectory.getParent().resolve("postgres-binaries").toFile())
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    private void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.brokerProperty("auto.create.topics.enable", "false");
        kafka.afterPropertiesSet();
        running.add(kafka::destroy);
        properties.put("camel.component.kafka.brokers", kafka.getBrokersAsString());
        addresses.put("Kafka (KRaft)", kafka.getBrokersAsString());
    }

    /**
     * A single KRaft broker listening on {@code 127.0.0.1:port}, for tests where the hub is given the
     * address before any broker listens there. The test kit keeps a {@code listeners} broker property.
     */
    public static EmbeddedKafkaKraftBroker kafkaOn(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0");
        broker.afterPropertiesSet();
        return broker;
    }

    private void startRedis(Path directory, int port) throws IOException {
        Files.createDirectories(directory);
        RedisServer redis = RedisServer.newRedisServer()
                .executableProvider(ExecutableProvider.newJarResourceProvider(directory.toFile()))
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + directory)
                .setting("appendonly yes")
                .setting("save \"\"")
                .build();
        redis.start();
        this.redis = redis;
        running.add(() -> this.redis.stop());
        String url = "redis://127.0.0.1:" + port;
        properties.put("spring.data.redis.url", url);
        addresses.put("Redis", url);
    }

    private void startMail(int port) {
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        running.add(mail::stop);
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", String.valueOf(port));
        addresses.put("SMTP (GreenMail)", "smtp://127.0.0.1:" + port);
    }

    /** Spring properties that point the hub at the started services. */
    public Map<String, String> properties() {
        return properties;
    }

    /** Where each started service listens, for people. */
    public Map<String, String> addresses() {
        return addresses;
    }

    public EmbeddedKafkaKraftBroker kafka() {
        return kafka;
    }

    public GreenMail mail() {
        return mail;
    }

    /** Stops the embedded Redis (its append-only file keeps the data), to test how the hub copes. */
    public synchronized void stopRedis() {
        try {
            redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the embedded Redis again on the same port, with the data it had. */
    public synchronized void startRedis() {
        try {
            redis.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the embedded PostgreSQL (fast shutdown: open connections are cut). Its data survive only
     * when it was started without {@code fresh}: zonky deletes a fresh data directory on stop.
     */
    public synchronized void stopPostgres() {
        try {
            postgres.close();
            postgres = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the embedded PostgreSQL again on the same port, with the data it had. */
    public synchronized void startPostgres() {
        try {
            postgres = postgresOn(postgresData, postgresPort, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("Could not stop an embedded service: " + e);
            }
        }
        running.clear();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
