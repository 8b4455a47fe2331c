package io.kavsak.hub.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Chooses the refresh-session store: Redis, or the in-memory fallback only when explicitly asked for. */
@Configuration
public class SessionsConfig {

    private static final Logger log = LoggerFactory.getLogger(SessionsConfig.class);

    @Bean
    RefreshSessionStore refreshSessionStore(@Value("${kavsak.sessions.store}") String store,
                                            StringRedisTemplate redis, ObjectMapper json) {
        return switch (store) {
            case "redis" -> new RedisRefreshSessionStore(redis, json);
            case "in-memory" -> {
                log.warn("Refresh sessions are kept IN MEMORY (kavsak.sessions.store=in-memory): for one "
                        + "development replica only; other replicas do not see revocations and a restart "
                        + "forgets every session");
                yield new InMemoryRefreshSessionStore(Clock.systemUTC());
            }
            default -> throw new IllegalStateException("kavsak.sessions.store must be redis or in-memory, not '"
                    + store + "'");
        };
    }

    /** The token service always works on Redis: rotation must be atomic across replicas. */
    @Bean
    TokenService tokenService(StringRedisTemplate redis, io.kavsak.hub.web.HubSigningKey key, TokenProperties lifetimes,
                              io.kavsak.hub.web.SecurityProperties security, io.kavsak.hub.events.Outbox outbox,
                              org.springframework.transaction.PlatformTransactionManager transactionManager,
                              ObjectMapper json) {
        return new TokenService(redis, key, lifetimes, security, TokenService.outbox(outbox, transactionManager), json,
                Clock.systemUTC());
    }

    /** {@code sessions} in health: which store is in use, with a warning when it is the in-memory one. */
    @Bean
    HealthIndicator sessionsHealthIndicator(RefreshSessionStore store) {
        return () -> {
            Health.Builder health = Health.up().withDetail("store", store.kind());
            if (store instanceof InMemoryRefreshSessionStore) {
                health.withDetail("warning", "in-memory session store: single replica only, lost on restart");
            }
            return health.build();
        };
    }
}
