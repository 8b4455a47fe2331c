package io.kavsak.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kavsak.hub.KavsakHubApplication;
import io.kavsak.hub.dev.EmbeddedServices;
import io.kavsak.hub.support.HubIntegrationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * A steady feed through a 60-second PostgreSQL outage and a 60-second Redis outage, both really
 * stopped: nothing is lost, nothing valid is dead-lettered. The hub under test has PostgreSQL and Redis
 * of its own (stopping the JVM-wide ones would break the other tests' hub) and its own consumer groups.
 */
@CamelSpringBootTest
@SpringBootTest(classes = KavsakHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// its hub must not stay behind consuming the shared topics once the class is done
@org.springframework.test.annotation.DirtiesContext(
        classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
class InfrastructureOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static EmbeddedServices own;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    StringRedisTemplate redis;

    @DynamicPropertySource
    static void ownDatabaseAndRedis(DynamicPropertyRegistry registry) {
        EmbeddedServices shared = EmbeddedServices.shared();
        // not "fresh": zonky would delete a fresh data directory when the server stops; it is wiped here instead
        Path root = Path.of("target", "embedded-outage-it").toAbsolutePath();
        FileSystemUtils.deleteRecursively(root.resolve("postgres").toFile());
        FileSystemUtils.deleteRecursively(root.resolve("redis").toFile());
        own = EmbeddedServices.start(root, EmbeddedServices.Ports.free(), false,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "shared", "SPRING_MAIL_HOST", "shared"));
        shared.properties().forEach((key, value) -> registry.add(key, () -> value));
        own.properties().forEach((key, value) -> registry.add(key, () -> value));
        String run = UUID.randomUUID().toString().substring(0, 8);
        registry.add("camel.component.kafka.group-id", () -> "outage-" + run);
        registry.add("kavsak.recall.consumer-group", () -> "outage-recall-" + run);
        registry.add("kavsak.parser.worker.group", () -> "outage-parser-" + run);
        // Quartz keeps one static connection provider per scheduler name in the JVM: under the shared name this
        // hub (on its own database, closed after the class) would become every cached test hub's job store
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "kavsak-outage-it-" + run);
        registry.add("kavsak.security.jwt.secret", () -> HubIntegrationTest.SECRET);
        registry.add("kavsak.storage.root", () -> Path.of("target", "embedded-outage-it", "storage")
                .toAbsolutePath().toString());
        // a window shorter than the outage: the record is read again after it expires, still not dead-lettered
        registry.add("kavsak.events.outage.max-wait", () -> "30s");
        registry.add("kavsak.events.outage.initial-delay-ms", () -> "250");
        registry.add("kavsak.events.outage.maximum-delay-ms", () -> "4000");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "3000");
    }

    @AfterAll
    static void stopOwnServices() {
        if (own != null) {
            own.close();
        }
    }

    @Test
    void aMinuteWithoutPostgresqlAndAMinuteWithoutRedisLoseNothingAndDeadLetterNothing() throws Exception {
        String tenant = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        String brokers = EmbeddedServices.shared().kafka().getBrokersAsString();
        AtomicInteger features = new AtomicInteger();
        AtomicInteger trainings = new AtomicInteger();
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feed = new Thread(() -> {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                while (feeding.get()) {
                    int n = features.incrementAndGet();
                    producer.send(new ProducerRecord<>("feature.upserted", tenant, """
                            {"event_type": "feature.upserted", "tenant_id": "%s", "user_id": "u%d",
                             "features": {"savings_rate": 0.5}, "updated_at": "%s"}""".formatted(tenant, n, Instant.now())))
                            .get();
                    trainings.incrementAndGet();
                    producer.send(new ProducerRecord<>("training.event.recorded", tenant, """
                            {"event_type": "training.event.recorded", "tenant_id": "%s", "user_id": "u%d",
                             "training_event_id": "%s", "kind": "click", "occurred_at": "%s"}"""
                            .formatted(tenant, n, UUID.randomUUID(), Instant.now()))).get();
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "steady-feed");
        feed.start();
        // counted through the hub's own connections, which come back after each outage by themselves
        IntSupplier applied = () -> count("select count(*) from inbox_event where tenant_id = ?", tenant);

        awaitApplied(applied, 20, Duration.ofSeconds(60));
        own.stopPostgres();
        Thread.sleep(OUTAGE.toMillis());
        own.startPostgres();
        int sentBeforeRestart = features.get() + trainings.get();
        Instant restarted = Instant.now();
        awaitApplied(applied, sentBeforeRestart, Duration.ofSeconds(90));
        Duration postgresCatchUp = Duration.between(restarted, Instant.now());

        own.stopRedis();
        Thread.sleep(OUTAGE.toMillis());
        own.startRedis();
        sentBeforeRestart = features.get() + trainings.get();
        restarted = Instant.now();
        awaitApplied(applied, sentBeforeRestart, Duration.ofSeconds(90));
        Duration redisCatchUp = Duration.between(restarted, Instant.now());

        feeding.set(false);
        feed.join();
        int total = features.get() + trainings.get();
        awaitApplied(applied, total, Duration.ofSeconds(30));
        System.out.printf("Outage IT: %d events (%d feature upserts, %d training events); caught up %.1f s after "
                        + "PostgreSQL and %.1f s after Redis came back%n", total, features.get(), trainings.get(),
                postgresCatchUp.toMillis() / 1000.0, redisCatchUp.toMillis() / 1000.0);

        assertThat(applied.getAsInt()).isEqualTo(total);
        assertThat(count("select count(*) from feature_value where tenant_id = ?", tenant)).isEqualTo(features.get());
        assertThat(redis.keys("features:" + tenant + ":*")).hasSize(features.get());
        assertThat(count("select count(*) from training_event where tenant_id = ?", tenant)).isEqualTo(trainings.get());
        assertThat(count("select count(*) from dead_letter where original_event like ?", "%" + tenant + "%")).isZero();
        assertThat(deadLetterRecords(brokers, tenant)).isEmpty();
    }

    private void awaitApplied(IntSupplier applied, int expected, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> applied.getAsInt() >= expected);
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    /** Every record of the feed topics' dead-letter twins that mentions the tenant, read to the end. */
    private static List<String> deadLetterRecords(String brokers, String tenant) {
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("feature.upserted.dlq", "training.event.recorded.dlq")) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().contains(tenant)) {
                        found.add(record.value());
                    }
                }
            }
            assertThat(partitions).allMatch(p -> consumer.position(p) >= end.get(p));
        }
        return found;
    }
}
