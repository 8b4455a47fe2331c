package io.kavsak.hub.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.stereotype.Component;

/**
 * The Kafka client factory of the camel-kafka component ({@code camel.component.kafka.kafka-client-factory}):
 * Spring Boot binds Kafka client metrics only for Spring Kafka's own factories, so the consumers Camel
 * creates are bound here, giving {@code kafka_consumer_fetch_manager_records_lag_max} and the other
 * consumer metrics. The meters of a consumer go when it is closed.
 */
@Component
public class MeteredKafkaClients extends DefaultKafkaClientFactory {

    private final MeterRegistry meters;

    public MeteredKafkaClients(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Consumer getConsumer(Properties kafkaProps) {
        return new MeteredConsumer(kafkaProps, meters);
    }

    private static final class MeteredConsumer extends KafkaConsumer<Object, Object> {

        private final KafkaClientMetrics metrics;

        MeteredConsumer(Properties properties, MeterRegistry meters) {
            super(properties);
            this.metrics = new KafkaClientMetrics(this);
            metrics.bindTo(meters);
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                metrics.close();
            }
        }

        @Override
        public void close(Duration timeout) {
            try {
                super.close(timeout);
            } finally {
                metrics.close();
            }
        }
    }
}
