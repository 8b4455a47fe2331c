package io.kavsak.hub.support;

import io.kavsak.hub.dev.EmbeddedServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test hub configured differently from the shared one (another embedder, another Metadata DB) that must not
 * share its state with the other test hubs in the JVM, which consume the same events:
 * <ul>
 *   <li>its own database on the embedded PostgreSQL: otherwise the other hubs, applying the same events with
 *       their own configuration, rewrite or delete its vectors in the shared tables;</li>
 *   <li>its own Quartz scheduler name: Quartz keeps one connection provider per scheduler name in the JVM, so
 *       a hub under the shared name would become (or stop being) every other hub's job store;</li>
 *   <li>its own consumer groups, started at the topics' current end: from the earliest offset it would first
 *       work through every event the suite produced so far.</li>
 * </ul>
 */
public final class OwnHub {

    private OwnHub() {
    }

    public static void isolate(DynamicPropertyRegistry registry, String name) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = name + "-" + run;
        // the hikari key: the base class registers spring.datasource.url after this, and it wins
        String database = "kavsak_hub_" + name.replace('-', '_') + "_it";
        registry.add("spring.datasource.hikari.jdbc-url", () -> database(database));
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "kavsak-" + group);
        registry.add("camel.component.kafka.group-id", () -> atEnd(group, group + "-schema-cache"));
        registry.add("kavsak.recall.consumer-group", () -> atEnd(name + "-recall-" + run));
    }

    /** {@code database} on the embedded PostgreSQL, created once; its JDBC URL. */
    public static synchronized String database(String database) {
        String hubUrl = EmbeddedServices.shared().properties().get("spring.datasource.url");
        try (Connection admin = DriverManager.getConnection(hubUrl, "postgres", "postgres");
             Statement sql = admin.createStatement()) {
            if (!sql.executeQuery("select 1 from pg_database where datname = '" + database + "'").next()) {
                sql.execute("create database " + database);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return url(database);
    }

    public static String url(String database) {
        return EmbeddedServices.shared().properties().get("spring.datasource.url")
                .replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    /** Commits the current end of every topic for each group; returns the first. */
    private static synchronized String atEnd(String... groups) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedServices.shared().properties().get("camel.component.kafka.brokers")))) {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values().forEach(topic ->
                    topic.partitions().forEach(p -> partitions.put(new TopicPartition(topic.name(), p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(partitions).all().get().forEach((partition, end) ->
                    ends.put(partition, new OffsetAndMetadata(end.offset())));
            for (String group : List.of(groups)) {
                admin.alterConsumerGroupOffsets(group, ends).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return groups[0];
    }
}
