package io.kavsak.hub.events;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** Whether a Kafka broker answers; reported as a degradable dependency (see {@code health/DependencyHealthConfig}). */
public class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final Admin admin;

    public KafkaHealthIndicator(Admin admin) {
        super("Kafka health check failed");
        this.admin = admin;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000));
        int nodes = cluster.nodes().get(4, TimeUnit.SECONDS).size();
        builder.up().withDetail("clusterId", cluster.clusterId().get(4, TimeUnit.SECONDS))
                .withDetail("brokers", nodes);
    }
}
