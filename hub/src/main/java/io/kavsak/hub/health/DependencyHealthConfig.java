package io.kavsak.hub.health;

import io.kavsak.hub.events.KafkaHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.actuate.data.redis.RedisHealthIndicator;
import org.springframework.boot.actuate.mail.MailHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Health of the hub's degradable dependencies, under the names {@code kafka}, {@code redis} and
 * {@code mail} (these bean names replace Spring Boot's own Redis and mail indicators). Readiness
 * leaves them out (it is PostgreSQL only); the overall health and the {@code kavsak_dependency_up}
 * gauges show them, re-checked by {@link DependencyChecks}.
 */
@Configuration
public class DependencyHealthConfig {

    @Bean
    DependencyHealth kafkaHealthIndicator(Admin kafkaAdmin, MeterRegistry meters) {
        return new DependencyHealth("kafka", new KafkaHealthIndicator(kafkaAdmin), meters);
    }

    @Bean
    DependencyHealth redisHealthIndicator(RedisConnectionFactory redis, MeterRegistry meters) {
        return new DependencyHealth("redis", new RedisHealthIndicator(redis), meters);
    }

    @Bean
    DependencyHealth mailHealthIndicator(JavaMailSenderImpl mail, MeterRegistry meters) {
        return new DependencyHealth("mail", new MailHealthIndicator(mail), meters);
    }
}
